// A display's results screen: one ballot's turnout, live tally (when public) and the reveal,
// which lands on every screen at the same server instant.
import { $, el } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { boot, startPage } from "../core/page.js";
import { renderTally, titlesOf, turnoutShare, turnoutText } from "./tally.js";

let state = { ballots: [], ballot_results: {} };
const revealAt = new Map();
const lastSeq = new Map();

// The ballot to show: the one named in the link, else the latest open one, else the latest
// revealed one.
function current() {
  const ballots = state.ballots.filter((b) => b.status !== "draft");
  if (boot.ballotId) return ballots.find((b) => b.id === boot.ballotId) || null;
  return (
    ballots.find((b) => b.status === "open") ||
    ballots.find((b) => b.revealed) ||
    ballots[0] ||
    null
  );
}

function render() {
  const ballot = current();
  const body = $("results");
  if (!ballot) {
    $("ballot-title").textContent = "Voting";
    $("turnout").textContent = "";
    $("turnout-fill").style.setProperty("--share", "0");
    body.replaceChildren(
      el("p", { class: "results-waiting", text: "Waiting for a vote to open…" }),
    );
    return;
  }
  document.body.dataset.ballotId = ballot.id;
  $("ballot-title").textContent = ballot.title;
  const result = state.ballot_results[String(ballot.id)];
  $("turnout").textContent = turnoutText(result?.turnout);
  $("turnout-fill").style.setProperty("--share", turnoutShare(result?.turnout).toFixed(4));
  const waiting = revealAt.has(ballot.id) && live.serverNow() < revealAt.get(ballot.id);
  if (result?.tally && !waiting) {
    body.replaceChildren(renderTally(result.tally, titlesOf(ballot), { limit: 12 }));
    body.classList.toggle("revealed", !!ballot.revealed);
  } else {
    const text =
      ballot.status === "open" ? "Voting is open: vote on your phone!" : "Voting has closed.";
    const hidden =
      ballot.visibility === "never"
        ? "The result is not published."
        : "The result will be revealed soon.";
    body.replaceChildren(
      el("p", { class: "results-waiting", text }),
      el("p", { class: "results-hidden", text: hidden }),
    );
  }
}

const live = startPage({
  onSnapshot(s) {
    state = { ballots: s.ballots || [], ballot_results: s.ballot_results || {} };
    render();
  },
  onUpdate(type, data) {
    if (type === "ballot.updated")
      state.ballots = upsert(state.ballots, data).sort((a, b) => b.id - a.id);
    else if (type === "ballot.removed")
      state.ballots = state.ballots.filter((b) => b.id !== data.id);
    else if (type === "ballot.revealed") {
      revealAt.set(data.ballot_id, data.apply_at_ms || 0);
      state.ballot_results[String(data.ballot_id)] = data.result;
      const ballot = state.ballots.find((b) => b.id === data.ballot_id);
      if (ballot) ballot.revealed = true;
      setTimeout(
        () => {
          revealAt.delete(data.ballot_id);
          render();
        },
        Math.max(0, (data.apply_at_ms || 0) - live.serverNow()),
      );
    } else return;
    render();
  },
  onView(type, data, msg) {
    if (type !== "ballot.tally") return;
    const key = String(data.ballot_id);
    if (msg.seq !== undefined && (lastSeq.get(key) ?? -1) >= msg.seq) return;
    lastSeq.set(key, msg.seq ?? 0);
    state.ballot_results[key] = data;
    if (current()?.id === data.ballot_id) render();
  },
});
