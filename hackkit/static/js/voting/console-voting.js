// The console's voting section: create and run ballots, watch turnout and the full tallies
// live, see judging coverage, invite the jury, download audit exports.
import { $, el, placeCards, showError } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, boot, startPage } from "../core/page.js";
import { coverageList, renderTally, titlesOf, turnoutShare, turnoutText } from "./tally.js";

let state = { ballots: [], ballot_results: {}, jurors: [] };
const cards = new Map();
const lastSeq = new Map();

// --- ballots ---------------------------------------------------------------------------------
function receive(described) {
  if (!described) return;
  const { result, ...ballot } = described;
  state.ballots = upsert(state.ballots, ballot);
  if (result) state.ballot_results[String(ballot.id)] = result;
  render();
}

function render() {
  const ballots = [...state.ballots].sort((a, b) => b.id - a.id);
  placeCards($("ballot-list"), cards, ballots, {
    make: makeCard,
    update(ballot, card) {
      updateMeta(ballot, card);
      updateResult(ballot, card);
    },
  });
  $("no-ballots").hidden = ballots.length > 0;
  $("open-count").textContent = ballots.filter((b) => b.status === "open").length;
}

function makeCard(ballot) {
  const card = {
    root: el("article", { class: "ballot-admin", dataset: { ballotId: ballot.id } }),
    head: el("header", { class: "ballot-admin-head" }),
    controls: el("div", { class: "controls" }),
    turnout: el("p", { class: "turnout" }),
    fill: el("span"),
    tally: el("div", { class: "ballot-tally" }),
    coverage: el("div", { class: "ballot-coverage" }),
    error: el("p", { class: "error", role: "alert", hidden: "" }),
    sig: "",
  };
  card.root.append(
    card.head,
    card.turnout,
    el("div", { class: "turnout-bar", "aria-hidden": "true" }, card.fill),
    card.controls,
    card.error,
    card.tally,
    card.coverage,
  );
  return card;
}

function button(label, onClick, cls = "") {
  const b = el("button", { type: "button", class: cls, text: label });
  b.addEventListener("click", onClick);
  return b;
}

function updateMeta(ballot, card) {
  const sig = JSON.stringify(ballot);
  if (sig === card.sig) return;
  card.sig = sig;
  card.root.dataset.status = ballot.status;
  const phase = (state.agenda?.phases || []).find((p) => p.id === ballot.phase_id);
  const status = ballot.revealed ? "revealed" : ballot.status;
  card.head.replaceChildren(
    el("h3", { text: ballot.title }),
    el(
      "p",
      { class: "badges" },
      el("span", { class: "badge", text: ballot.method_label }),
      el("span", { class: `badge status-${status}`, text: status }),
      el("span", { class: "badge", text: `${ballot.options.length} ideas` }),
      el("span", { class: "badge", text: `voters: ${ballot.voters}` }),
      ...(phase ? [el("span", { class: "badge", text: `phase: ${phase.name}` })] : []),
    ),
  );
  const id = ballot.id;
  const controls = [];
  if (ballot.status !== "open" && !ballot.revealed)
    controls.push(
      button(
        ballot.status === "draft" ? "Open voting" : "Reopen",
        () => run("ballot.open", id, card),
        "primary",
      ),
    );
  if (ballot.status === "open")
    controls.push(button("Close voting", () => run("ballot.close", id, card), "primary"));
  if (ballot.status === "closed" && !ballot.revealed && ballot.visibility !== "never")
    controls.push(button("Reveal result", () => run("ballot.reveal", id, card), "primary"));
  const visibility = el(
    "select",
    { class: "visibility", "aria-label": "Results visibility" },
    ...["live", "hidden", "never"].map((v) =>
      el("option", {
        value: v,
        // Once revealed, "hidden until reveal" is no longer true: say what happened.
        text: {
          live: "Results live",
          hidden: ballot.revealed ? "Revealed" : "Hidden until reveal",
          never: "Never public",
        }[v],
      }),
    ),
  );
  visibility.value = ballot.visibility;
  visibility.disabled = ballot.revealed;
  visibility.addEventListener("change", () =>
    act("ballot.update", { ballot_id: id, visibility: visibility.value }, card.error).then(receive),
  );
  controls.push(visibility);
  if (ballot.status !== "draft") {
    const base = `/console/events/${boot.eventId}/voting/${id}`;
    controls.push(
      el("a", { class: "export", href: `${base}/export.csv`, text: "Export CSV" }),
      el("a", { class: "export", href: `${base}/export.json`, text: "Export JSON" }),
    );
  }
  if (ballot.status !== "open") {
    controls.push(
      button(
        "Delete",
        async () => {
          if (
            confirm(`Delete “${ballot.title}” and every vote in it?`) &&
            (await act("ballot.delete", { ballot_id: id }, card.error))
          ) {
            state.ballots = state.ballots.filter((b) => b.id !== id);
            render();
          }
        },
        "danger",
      ),
    );
  }
  card.controls.replaceChildren(...controls);
}

async function run(name, ballotId, card) {
  receive(await act(name, { ballot_id: ballotId }, card.error));
}

function updateResult(ballot, card) {
  const result = state.ballot_results[String(ballot.id)];
  card.turnout.textContent = turnoutText(result?.turnout);
  card.fill.style.setProperty("--share", turnoutShare(result?.turnout).toFixed(4));
  const titles = titlesOf(ballot);
  card.tally.replaceChildren(
    ...(result?.tally ? [renderTally(result.tally, titles, { full: true })] : []),
  );
  const coverage = ["rubric", "pairwise"].includes(ballot.method)
    ? coverageList(result?.tally, titles)
    : null;
  card.coverage.replaceChildren(
    ...(coverage
      ? [
          el("h4", {
            text:
              ballot.method === "rubric"
                ? "Judging coverage (jurors per idea)"
                : "Judging coverage (comparisons per idea)",
          }),
          coverage,
        ]
      : []),
  );
}

// --- the form --------------------------------------------------------------------------------
function showMethodParams() {
  const method = $("b-method").value;
  for (const set of document.querySelectorAll("fieldset.params"))
    set.hidden = set.dataset.for !== method;
  if (method === "rubric" || method === "pairwise") $("b-voters").value = "jury";
}

function showScope() {
  const scope = $("b-scope").value;
  for (const box of document.querySelectorAll("[data-scope]"))
    box.hidden = box.dataset.scope !== scope;
}

function fillChoices() {
  const challenge = $("b-challenge");
  const keep = challenge.value;
  challenge.replaceChildren(
    ...(state.challenges || []).map((c) => el("option", { value: c.id, text: c.title })),
  );
  challenge.value = keep;
  const phase = $("b-phase");
  const keepPhase = phase.value;
  phase.replaceChildren(
    el("option", { value: "", text: "No, by hand" }),
    ...(state.agenda?.phases || []).map((p) => el("option", { value: p.id, text: p.name })),
  );
  phase.value = keepPhase;
  const checked = new Set(
    [...document.querySelectorAll("#b-shortlist input:checked")].map((i) => i.value),
  );
  $("b-shortlist").replaceChildren(
    ...(state.ideas || [])
      .filter((i) => !i.hidden)
      .map((i) =>
        el(
          "label",
          { class: "check" },
          el("input", {
            type: "checkbox",
            value: i.id,
            ...(checked.has(String(i.id)) ? { checked: "" } : {}),
          }),
          i.title,
        ),
      ),
  );
}

function slug(text) {
  return (
    text
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "criterion"
  );
}

function formPayload() {
  const method = $("b-method").value;
  const num = (id) => ($(id).value === "" ? undefined : Number($(id).value));
  const params = {
    dots: { dots: num("p-dots"), max_per_option: num("p-max-per") },
    approval: { max_choices: num("p-max-choices") },
    budget: { budget: num("p-budget") },
    ranked: { max_rank: num("p-max-rank") },
    pairwise: { epsilon: num("p-epsilon") },
    single: {},
    rubric: {},
  }[method];
  const payload = {
    title: $("b-title").value,
    method,
    params,
    scope: $("b-scope").value,
    visibility: $("b-visibility").value,
    voters: $("b-voters").value,
  };
  if (method === "rubric") {
    if ($("p-rubric").value) payload.rubric = $("p-rubric").value;
    else {
      const seen = new Set();
      params.criteria = $("p-criteria")
        .value.split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [label, weight] = line.split(/\s*[,;|]\s*(?=[\d.]+\s*$)/);
          let key = slug(label);
          while (seen.has(key)) key = `${key}-2`.slice(-40);
          seen.add(key);
          return { key, label: label.slice(0, 80), weight: weight ? Number(weight) : 1 };
        });
    }
  }
  if (payload.scope === "challenge") payload.challenge_id = Number($("b-challenge").value) || null;
  if (payload.scope === "shortlist")
    payload.idea_ids = [...document.querySelectorAll("#b-shortlist input:checked")].map((i) =>
      Number(i.value),
    );
  if ($("b-phase").value) payload.phase_id = Number($("b-phase").value);
  for (const key of Object.keys(params)) if (params[key] === undefined) delete params[key];
  return payload;
}

// --- jury --------------------------------------------------------------------------------------
function renderJury() {
  $("jury-list").replaceChildren(
    ...(state.jurors || []).map((j) => {
      const link = el("input", {
        class: "copy",
        readonly: "",
        value: boot.publicBase + j.invite_path,
        "aria-label": `Invite link for ${j.name}`,
      });
      link.addEventListener("focus", () => link.select());
      const remove = button(
        "Remove",
        async () => {
          if (
            confirm(`Remove ${j.name} from the jury? Their link stops working.`) &&
            (await act("jury.remove", { juror_id: j.id }, "jury-error"))
          ) {
            state.jurors = state.jurors.filter((x) => x.id !== j.id);
            renderJury();
          }
        },
        "link danger",
      );
      return el(
        "li",
        { dataset: { jurorId: j.id } },
        el("span", { class: "juror-name", text: `${j.name} · weight ${j.weight}` }),
        remove,
        link,
      );
    }),
  );
}

// --- wiring --------------------------------------------------------------------------------------
for (const r of boot.rubrics || [])
  $("p-rubric").append(el("option", { value: r.key, text: r.title }));
$("results-url").value = boot.resultsUrl;
$("results-url").addEventListener("focus", (e) => e.target.select());
$("b-method").addEventListener("change", showMethodParams);
$("b-scope").addEventListener("change", showScope);
showMethodParams();
showScope();
$("ballot-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const created = await act("ballot.create", formPayload(), "form-error");
  if (created) {
    receive(created);
    $("b-title").value = "";
  }
});
$("jury-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const juror = await act(
    "jury.invite",
    { name: $("j-name").value, weight: Number($("j-weight").value) },
    "jury-error",
  );
  if (juror) {
    state.jurors = upsert(state.jurors || [], juror);
    renderJury();
    $("j-name").value = "";
  }
});
$("forbid-own").addEventListener("change", (e) =>
  act("voting.settings", { forbid_own_team_vote: e.target.checked }, "form-error"),
);

startPage({
  onSnapshot(s) {
    state = s;
    state.ballot_results ||= {};
    $("forbid-own").checked = !!s.voting_settings?.forbid_own_team_vote;
    fillChoices();
    render();
    renderJury();
  },
  onUpdate(type, data) {
    if (type === "ballot.updated") {
      state.ballots = upsert(state.ballots, data);
      render();
    } else if (type === "ballot.removed") {
      state.ballots = state.ballots.filter((b) => b.id !== data.id);
      render();
    } else if (type === "ballot.revealed") {
      const b = state.ballots.find((x) => x.id === data.ballot_id);
      if (b) b.revealed = true;
      render();
    } else if (type === "voting.settings") $("forbid-own").checked = data.forbid_own_team_vote;
    else if (type === "agenda.updated") {
      state.agenda = data;
      fillChoices();
    } else if (type === "challenge.updated" || type === "idea.updated") {
      const key = type === "idea.updated" ? "ideas" : "challenges";
      state[key] = upsert(state[key] || [], data);
      fillChoices();
    } else if (type === "challenge.removed" || type === "idea.removed") {
      const key = type === "idea.removed" ? "ideas" : "challenges";
      state[key] = (state[key] || []).filter((x) => x.id !== data.id);
      fillChoices();
    }
  },
  onView(type, data, msg) {
    if (type === "ballot.tally") {
      if (data.scope !== "full") return; // the console keeps the facilitator's full view
      const key = String(data.ballot_id);
      if ((lastSeq.get(key) ?? -1) >= msg.seq) return;
      lastSeq.set(key, msg.seq);
      state.ballot_results[key] = data;
      const ballot = state.ballots.find((b) => b.id === data.ballot_id);
      const card = cards.get(data.ballot_id);
      if (ballot && card) updateResult(ballot, card);
    } else if (type === "ballot.updated") {
      state.ballots = upsert(state.ballots, data);
      render();
    } else if (type === "ballot.removed") {
      state.ballots = state.ballots.filter((b) => b.id !== data.id);
      render();
    } else if (type === "juror.updated") {
      state.jurors = upsert(state.jurors || [], data);
      renderJury();
    } else if (type === "juror.removed") {
      state.jurors = (state.jurors || []).filter((j) => j.id !== data.id);
      renderJury();
    } else if (type === "ballot.notice") showError("form-error", { message: data.message });
  },
});
