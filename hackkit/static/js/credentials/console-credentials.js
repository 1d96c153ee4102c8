// The console's credentials page: issue everything new, or revoke one, then redraw from the
// server (the list is the server's, one row per credential).
import { act, startPage } from "../core/page.js";

startPage({ errorBox: "issue-error" });

const issueButton = document.getElementById("issue-all");
issueButton?.addEventListener("click", async () => {
  issueButton.disabled = true;
  issueButton.textContent = "Issuing…";
  const done = await act("credentials.issue", {});
  if (done) window.location.reload();
  else issueButton.disabled = false;
});

const issueOne = document.getElementById("issue-one");
issueOne?.addEventListener("click", async () => {
  const person = Number(document.getElementById("issue-person").value);
  issueOne.disabled = true;
  const done = await act("credentials.issue", { participant_id: person });
  if (done) window.location.reload();
  else issueOne.disabled = false;
});

for (const button of document.querySelectorAll("button.revoke")) {
  button.addEventListener("click", async () => {
    const row = button.closest("tr");
    const who = row?.cells[0]?.textContent.trim() ?? "";
    if (!window.confirm(`Revoke this credential of ${who}? Verifiers will show it as revoked.`))
      return;
    const done = await act("credentials.revoke", { credential_id: Number(button.dataset.id) });
    if (done) window.location.reload();
  });
}
