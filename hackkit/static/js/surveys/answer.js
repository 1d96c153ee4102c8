// The phone's survey page: every open survey this phone has not answered, each question a row
// of big buttons (or one short field), one Send. Answers go without the name; a random token
// kept on this phone pairs its answers before and after the event (what people learned).

import { $, el, readJson } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, boot, startPage } from "../core/page.js";

const text = readJson("survey-text");
const PAIR_STORE = `hackkit.pair.${boot.eventId}`;
const SCALES = { rating: [1, 5], assessment: [1, 5], nps: [0, 10] };
let state = {};
const drafts = new Map(); // survey id -> {question key: value}, kept across redraws
const justSent = new Set();

/** This phone's pairing token: random, made once, never sent with anything that names it. */
function pairToken() {
  try {
    let token = localStorage.getItem(PAIR_STORE);
    if (!token) {
      const bytes = crypto.getRandomValues(new Uint8Array(12));
      token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      localStorage.setItem(PAIR_STORE, token);
    }
    return token;
  } catch {
    return null; // storage disabled: the answers count, only unpaired
  }
}

function scaleRow(q, answers) {
  const [low, high] = SCALES[q.kind];
  const row = el("div", { class: `scale scale-${high - low + 1}`, role: "group" });
  for (let v = low; v <= high; v += 1) {
    const button = el("button", {
      type: "button",
      class: "scale-choice",
      text: String(v),
      "aria-pressed": String(answers[q.key] === v),
      dataset: { value: String(v) },
    });
    button.addEventListener("click", () => {
      answers[q.key] = v;
      draw();
    });
    row.append(button);
  }
  const ends =
    q.kind === "nps"
      ? [text.unlikely, text.likely]
      : [`${low} · ${text.low}`, `${high} · ${text.high}`];
  return [
    row,
    el(
      "p",
      { class: "scale-ends muted small" },
      el("span", { text: ends[0] }),
      el("span", { text: ends[1] }),
    ),
  ];
}

function choiceRow(q, answers, options) {
  const row = el("div", { class: "choices", role: "group" });
  for (const option of options) {
    const button = el("button", {
      type: "button",
      class: "choice-chip",
      text: option,
      "aria-pressed": String(answers[q.key] === option),
    });
    button.addEventListener("click", () => {
      answers[q.key] = answers[q.key] === option ? undefined : option;
      draw();
    });
    row.append(button);
  }
  return row;
}

function textField(q, answers) {
  const attrs = { id: `q-${q.key}`, name: q.key, autocomplete: "off" };
  const field =
    q.kind === "text"
      ? el("textarea", { ...attrs, rows: "3", maxlength: "1000" })
      : el("input", {
          ...attrs,
          type: "text",
          maxlength: q.kind === "word" ? "30" : "60",
          placeholder: q.kind === "word" ? text.word : text.country,
        });
  if (typeof answers[q.key] === "string" && answers[q.key] !== text.prefer)
    field.value = answers[q.key];
  field.addEventListener("input", () => {
    answers[q.key] = field.value.trim() ? field.value : undefined;
  });
  return field;
}

function questionBlock(q, answers) {
  const block = el("fieldset", { class: "question", dataset: { key: q.key, kind: q.kind } });
  block.append(el("legend", { text: q.label, dir: "auto" }));
  if (SCALES[q.kind]) block.append(...scaleRow(q, answers));
  else if (q.kind === "choice") block.append(choiceRow(q, answers, [...q.options, text.prefer]));
  else {
    block.append(textField(q, answers));
    if (q.kind === "country") block.append(choiceRow(q, answers, [text.prefer]));
  }
  return block;
}

function surveyCard(survey) {
  const answers = drafts.get(survey.id) || {};
  drafts.set(survey.id, answers);
  const card = el("form", { class: "card survey-card", dataset: { surveyId: String(survey.id) } });
  const eyebrow = { pre: text.before, post: text.after }[survey.stage];
  if (eyebrow) card.append(el("p", { class: "eyebrow", text: eyebrow }));
  card.append(el("h2", { text: survey.title, dir: "auto" }));
  card.append(el("p", { class: "muted small", text: text.skip }));
  for (const q of survey.questions) card.append(questionBlock(q, answers));
  const error = el("p", { class: "error", role: "alert", hidden: "" });
  card.append(error, el("button", { type: "submit", class: "primary send", text: text.send }));
  card.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = {};
    for (const [key, value] of Object.entries(answers))
      if (value !== undefined && value !== "") payload[key] = value;
    const data = await act(
      "survey.answer",
      { survey_id: survey.id, answers: payload, pair: pairToken() },
      error,
    );
    if (!data) return;
    justSent.add(survey.id);
    state.surveys_answered = [...(state.surveys_answered || []), survey.id];
    draw();
  });
  return card;
}

function draw() {
  const done = new Set(state.surveys_answered || []);
  const open = (state.surveys || []).filter((s) => s.status === "open" && !done.has(s.id));
  const thanks = [...justSent].filter((id) => done.has(id));
  const box = $("surveys");
  const focused = document.activeElement?.id;
  box.replaceChildren(
    ...thanks.map((id) =>
      el(
        "p",
        { class: "card notice thanks", role: "status", dataset: { surveyId: String(id) } },
        text.sent,
      ),
    ),
    ...open.map(surveyCard),
  );
  if (focused) $(focused)?.focus();
  $("no-surveys").hidden = open.length > 0 || thanks.length > 0;
}

startPage({
  onSnapshot(snapshot) {
    state = snapshot;
    draw();
  },
  onUpdate(type, data) {
    if (type === "survey.updated") {
      state.surveys = upsert(state.surveys || [], data);
      draw();
    } else if (type === "survey.removed") {
      state.surveys = (state.surveys || []).filter((s) => s.id !== data.id);
      draw();
    }
  },
});
