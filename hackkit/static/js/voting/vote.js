// The phone's vote page, for participants and jurors: one card per ballot, the method's
// controls, a clear confirmation once the vote is stored, and the result when it is out.
import { $, buzz, el, placeCards } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, boot, replaceWithNotice, startPage } from "../core/page.js";
import { newVoteId, renderTally, titlesOf, turnoutShare, turnoutText } from "./tally.js";
import { FORMS, summary } from "./vote-forms.js";

let state = { ballots: [], ballot_results: {}, my_ballots: {}, judging: null };
const cards = new Map(); // ballot id -> { root, body, message, turnout, fill, result, sig }
const drafts = new Map(); // ballot id -> the method form's unsent choices
const editing = new Set(); // ballots whose counted vote the voter is changing
const pending = new Map(); // ballot id -> { voteId, content } not yet acknowledged
const notes = new Map(); // ballot id -> { kind, text }
const revealAt = new Map(); // ballot id -> server time the result appears everywhere
const lastSeq = new Map();
const RETRYABLE = new Set([
  "offline",
  "timeout",
  "vote_not_saved",
  "vote_timeout",
  "rate_limited",
  "internal",
]);

const ballotById = (id) => state.ballots.find((b) => b.id === id);
const mine = (id) => state.my_ballots?.[String(id)] || null;

// --- cards -----------------------------------------------------------------------------------
function ordered() {
  const rank = { open: 0, closed: 1 };
  return state.ballots
    .filter((b) => b.status !== "draft")
    .sort((a, b) => (rank[a.status] ?? 2) - (rank[b.status] ?? 2) || b.id - a.id);
}

// --- judging (jurors): the facilitator's switch, being set aside, conflicts of interest -------
const JUDGING_NOTICE = {
  paused:
    "Judging is paused by the facilitator. Judgements are not taken until it resumes; this page carries on by itself.",
  closed: "Judging has closed. Thank you!",
};

/** Why this juror cannot judge now (paused, closed, set aside), or "". */
function judgingHold() {
  const j = state.judging;
  if (!j) return "";
  if (JUDGING_NOTICE[j.switch]) return JUDGING_NOTICE[j.switch];
  if (j.flag?.flag) {
    const why = j.flag.reason ? ` (${j.flag.reason})` : "";
    return `The facilitator has marked you ${j.flag.flag}${why}: nothing is assigned to you. Tell them when you are back.`;
  }
  return "";
}

function renderJudging() {
  const banner = $("judging-banner");
  if (!banner || !state.judging) return;
  const hold = judgingHold();
  banner.textContent = hold;
  banner.hidden = !hold;
  banner.className = `judging-banner ${state.judging.flag?.flag && state.judging.switch === "open" ? "away" : state.judging.switch}`;
  document.body.dataset.judging = state.judging.switch;
  const declared = new Set((state.judging.conflicts || []).map((c) => String(c.idea_id)));
  const ideas = new Map();
  for (const ballot of state.ballots) {
    if (ballot.status === "draft" || ballot.voters === "participants") continue;
    for (const o of ballot.options) if (!declared.has(o.id)) ideas.set(o.id, o.title);
  }
  const select = $("c-idea");
  const keep = select.value;
  select.replaceChildren(
    el("option", { value: "", text: ideas.size ? "Choose an idea…" : "No ideas to judge yet" }),
    ...[...ideas].map(([id, title]) => el("option", { value: id, text: title })),
  );
  if (ideas.has(keep)) select.value = keep;
  $("c-declare").disabled = ideas.size === 0;
  $("my-conflicts").replaceChildren(
    ...(state.judging.conflicts || []).map((c) => {
      const undo = el("button", { type: "button", class: "link", text: "Withdraw" });
      undo.addEventListener("click", () =>
        changeConflicts("judging.conflict.withdraw", { idea_id: c.idea_id }),
      );
      return el(
        "li",
        { dataset: { idea: c.idea_id } },
        el("strong", { text: c.idea }),
        c.reason ? el("span", { class: "muted", text: ` — ${c.reason}` }) : "",
        " ",
        undo,
      );
    }),
  );
}

async function changeConflicts(name, payload) {
  const reply = await act(name, payload, $("conflict-error"));
  if (!reply) return;
  state.judging.conflicts = reply.conflicts;
  refreshJuryBallots();
}

/** The juror's views of open jury ballots again: what they may judge has changed. */
function refreshJuryBallots() {
  for (const ballot of state.ballots) {
    if (ballot.status === "open" && ballot.voters !== "participants") refreshMine(ballot.id);
  }
  render();
}

if ($("conflict-form")) {
  $("conflict-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const idea = $("c-idea").value;
    if (!idea) return;
    changeConflicts("judging.conflict.declare", {
      idea_id: Number(idea),
      reason: $("c-reason").value.trim(),
    }).then(() => {
      $("c-reason").value = "";
    });
  });
}

function render() {
  renderJudging();
  const ballots = ordered();
  placeCards($("ballots"), cards, ballots, { make: makeCard, update: updateCard });
  $("no-ballots").hidden = ballots.length > 0;
}

function makeCard(ballot) {
  const card = {
    root: el("article", { class: "card ballot-card", dataset: { ballotId: ballot.id } }),
    title: el("h2", { class: "ballot-title" }),
    meta: el("p", { class: "ballot-meta muted" }),
    turnout: el("p", { class: "turnout" }),
    fill: el("span"),
    body: el("div", { class: "ballot-body" }),
    message: el("p", { class: "vote-message", role: "status", "aria-live": "polite" }),
    result: el("div", { class: "ballot-result" }),
    sig: "",
  };
  card.root.append(
    card.title,
    card.meta,
    card.turnout,
    el("div", { class: "turnout-bar", "aria-hidden": "true" }, card.fill),
    card.body,
    card.message,
    card.result,
  );
  return card;
}

function updateCard(ballot, card) {
  card.root.dataset.status = ballot.status;
  card.title.textContent = ballot.title;
  const status =
    { open: "Open", closed: ballot.revealed ? "Result" : "Closed" }[ballot.status] || ballot.status;
  card.meta.replaceChildren(
    el("span", { text: ballot.method_label }),
    el("span", { class: `badge status-${ballot.status}`, text: status }),
  );
  const view = mine(ballot.id);
  const sig = JSON.stringify([
    ballot.status,
    ballot.options,
    ballot.params,
    view,
    editing.has(ballot.id),
    pending.has(ballot.id),
    ballot.voters !== "participants" ? judgingHold() : "",
  ]);
  if (sig !== card.sig) {
    card.sig = sig;
    card.body.replaceChildren(buildBody(ballot, view));
  }
  const note = notes.get(ballot.id);
  card.message.textContent = note?.text || "";
  card.message.className = `vote-message ${note?.kind || ""}`;
  updateResult(ballot, card);
}

function updateResult(ballot, card) {
  const result = state.ballot_results?.[String(ballot.id)];
  card.turnout.textContent = turnoutText(result?.turnout);
  card.fill.style.setProperty("--share", turnoutShare(result?.turnout).toFixed(4));
  const waiting = revealAt.has(ballot.id) && live.serverNow() < revealAt.get(ballot.id);
  if (result?.tally && !waiting) {
    card.result.replaceChildren(
      el("h3", { text: ballot.revealed ? "Result" : "Live result" }),
      renderTally(result.tally, titlesOf(ballot), { limit: 10 }),
    );
  } else if (ballot.visibility === "hidden") {
    card.result.replaceChildren(
      el("p", {
        class: "muted hidden-note",
        text: "The result stays hidden until the facilitator reveals it.",
      }),
    );
  } else if (ballot.visibility === "never") {
    card.result.replaceChildren(
      el("p", { class: "muted hidden-note", text: "The result of this vote is not published." }),
    );
  } else {
    card.result.replaceChildren();
  }
}

// --- the body: the method's form, or the confirmation -----------------------------------------
function buildBody(ballot, view) {
  if (!view) return el("p", { class: "muted", text: "Loading…" });
  if (!view.eligible)
    return el("p", { class: "muted", text: view.reason || "You do not vote in this ballot." });
  const open = ballot.status === "open";
  if (ballot.method === "pairwise")
    return open
      ? pairwiseBody(ballot, view)
      : el("p", {
          class: "muted",
          text: `Judging is closed. You made ${view.decisions || 0} decisions.`,
        });
  const counted = view.my_vote;
  if (ballot.method !== "rubric" && counted && !editing.has(ballot.id))
    return confirmation(ballot, counted, open);
  if (!open)
    return el("p", {
      class: "muted",
      text: counted ? "Your vote was counted." : "Voting has closed.",
    });
  const form = FORMS[ballot.method];
  if (!form) return el("p", { text: "This method is not supported on this screen." });
  return form({
    ballot,
    view,
    draft: draftFor(ballot, view),
    submit: (content) => submit(ballot.id, content),
    sending: pending.has(ballot.id),
    cancel: counted
      ? () => {
          editing.delete(ballot.id);
          render();
        }
      : null,
  });
}

function draftFor(ballot, view) {
  if (!drafts.has(ballot.id)) drafts.set(ballot.id, FORMS.initial(ballot, view.my_vote));
  return drafts.get(ballot.id);
}

function confirmation(ballot, content, open) {
  const box = el("div", { class: "confirmation" });
  box.append(
    el("p", { class: "counted", text: "✓ Your vote is counted" }),
    el("p", { class: "summary", text: summary(ballot, content) }),
  );
  if (open) {
    box.append(el("p", { class: "muted small", text: "You can change it until voting closes." }));
    const change = el("button", { type: "button", class: "link", text: "Change my vote" });
    change.addEventListener("click", () => {
      editing.add(ballot.id);
      drafts.set(ballot.id, FORMS.initial(ballot, content));
      render();
    });
    box.append(change);
  }
  return box;
}

function pairwiseBody(ballot, view) {
  const titles = Object.fromEntries(ballot.options.map((o) => [o.id, o]));
  if (view.done)
    return el("p", {
      class: "counted",
      text: `✓ You have judged every pair you can (${view.decisions} decisions). Thank you!`,
    });
  const hold = judgingHold();
  if (!view.pair && hold) return el("p", { class: "muted", text: hold });
  if (!view.pair) {
    if (!view.fetching) {
      view.fetching = true;
      fetchPair(ballot.id);
    }
    return el("p", { class: "muted", text: "Finding your next pair…" });
  }
  const [a, b] = view.pair;
  const busy = pending.has(ballot.id);
  const pick = (winner, loser) => submit(ballot.id, { winner, loser });
  const side = (id, other, label) => {
    const o = titles[id] || { title: `#${id}`, pitch: "" };
    const button = el(
      "button",
      { type: "button", class: "pair-choice", dataset: { option: id } },
      el("span", { class: "eyebrow", text: label }),
      el("strong", { text: o.title }),
      el("span", { class: "muted", text: o.pitch || "" }),
    );
    button.disabled = busy;
    button.addEventListener("click", () => pick(id, other));
    return button;
  };
  const skip = el("button", { type: "button", class: "link", text: "Skip this pair" });
  skip.disabled = busy;
  skip.addEventListener("click", () => submit(ballot.id, { skip: [a, b] }));
  return el(
    "div",
    { class: "pairwise" },
    el("p", { class: "pair-question", text: "Which is better?" }),
    el(
      "div",
      { class: "pair" },
      side(a, b, "A"),
      el("span", { class: "pair-or", text: "or" }),
      side(b, a, "B"),
    ),
    el(
      "p",
      { class: "row" },
      skip,
      el("span", {
        class: "muted pair-progress",
        text: `${view.decisions || 0} ${view.decisions === 1 ? "decision" : "decisions"} so far`,
      }),
    ),
  );
}

async function fetchPair(ballotId) {
  try {
    const next = await live.call("pairwise.next", { ballot_id: ballotId });
    const view = mine(ballotId);
    if (view) Object.assign(view, { pair: next.pair, done: next.done, fetching: false });
  } catch (err) {
    const view = mine(ballotId);
    if (view) view.fetching = false;
    notes.set(ballotId, { kind: "error", text: err.message });
    if (RETRYABLE.has(err.code)) setTimeout(() => render(), 2000);
  }
  render();
}

// --- sending ---------------------------------------------------------------------------------
function submit(ballotId, content) {
  if (pending.has(ballotId)) return;
  pending.set(ballotId, { voteId: newVoteId(), content });
  notes.set(ballotId, { kind: "pending", text: "Sending your vote…" });
  render();
  send(ballotId);
}

async function send(ballotId) {
  const p = pending.get(ballotId);
  if (!p || p.inFlight) return;
  p.inFlight = true;
  try {
    const reply = await live.call("vote.cast", {
      ballot_id: ballotId,
      vote_id: p.voteId,
      content: p.content,
    });
    pending.delete(ballotId);
    counted(ballotId, reply);
  } catch (err) {
    p.inFlight = false;
    if (RETRYABLE.has(err.code)) {
      // The same vote id goes again: if the first attempt was stored, it counts once.
      notes.set(ballotId, {
        kind: "pending",
        text: "Connection trouble: your vote will be sent again…",
      });
      setTimeout(() => send(ballotId), 1500);
    } else {
      pending.delete(ballotId);
      notes.set(ballotId, { kind: "error", text: err.message });
      if (err.code === "pair_not_assigned") {
        const view = mine(ballotId);
        if (view) view.pair = null;
      }
    }
  }
  render();
}

function counted(ballotId, reply) {
  const ballot = ballotById(ballotId);
  const view = mine(ballotId);
  if (view && ballot?.method === "rubric") {
    view.my_vote = { scores: { ...(view.my_vote?.scores || {}), ...reply.content.scores } };
    notes.set(ballotId, { kind: "ok", text: "✓ Scores saved" });
  } else if (view && ballot?.method === "pairwise") {
    if (!reply.duplicate) view.decisions = (view.decisions || 0) + 1;
    Object.assign(view, { pair: reply.next?.pair || null, done: !!reply.next?.done });
    notes.set(ballotId, { kind: "ok", text: "✓ Counted" });
  } else if (view) {
    view.my_vote = reply.content;
    editing.delete(ballotId);
    drafts.delete(ballotId);
    notes.delete(ballotId); // the confirmation box says it, once
  }
  buzz(40);
}

// --- live ------------------------------------------------------------------------------------
async function refreshMine(ballotId) {
  try {
    state.my_ballots[String(ballotId)] = await live.call("ballot.mine", { ballot_id: ballotId });
  } catch {
    /* a later sync brings it */
  }
  render();
}

function applyReveal(data) {
  const at = data.apply_at_ms || 0;
  revealAt.set(data.ballot_id, at);
  state.ballot_results[String(data.ballot_id)] = data.result;
  const ballot = ballotById(data.ballot_id);
  if (ballot) ballot.revealed = true;
  render();
  setTimeout(
    () => {
      revealAt.delete(data.ballot_id);
      render();
      cards.get(data.ballot_id)?.result.classList.add("revealed");
    },
    Math.max(0, at - live.serverNow()),
  );
}

if (boot.me?.role === "jury" && $("me-name")) $("me-name").textContent = boot.me.name;

const live = startPage({
  onSnapshot(s) {
    state = {
      ballots: s.ballots || [],
      ballot_results: s.ballot_results || {},
      my_ballots: s.my_ballots || {},
      judging: s.judging || null,
    };
    render();
  },
  onUpdate(type, data) {
    if (type === "ballot.updated") {
      const before = ballotById(data.id);
      state.ballots = upsert(state.ballots, data);
      if (!before || before.status !== data.status) refreshMine(data.id);
      render();
    } else if (type === "ballot.removed") {
      state.ballots = state.ballots.filter((b) => b.id !== data.id);
      render();
    } else if (type === "ballot.revealed") {
      applyReveal(data);
    } else if (type === "voting.settings") {
      live.sync();
    } else if (type === "judging.switch" && state.judging) {
      state.judging.switch = data.state;
      render();
    }
  },
  onView(type, data, msg) {
    if (type === "judging.mine" && state.judging) {
      Object.assign(state.judging, data);
      return refreshJuryBallots();
    }
    if (type === "judging.changed") return refreshJuryBallots();
    if (type !== "ballot.phones" && type !== "ballot.tally") return;
    const key = String(data.ballot_id);
    if (msg.seq !== undefined && (lastSeq.get(key) ?? -1) >= msg.seq) return;
    lastSeq.set(key, msg.seq ?? 0);
    state.ballot_results[key] = data;
    const ballot = ballotById(data.ballot_id);
    const card = cards.get(data.ballot_id);
    if (ballot && card) updateResult(ballot, card);
  },
  onStatus(status) {
    if (status === "online") for (const id of pending.keys()) send(id);
  },
  onRevoked: () =>
    replaceWithNotice("This link no longer works. Ask the facilitator if this is a mistake."),
});
