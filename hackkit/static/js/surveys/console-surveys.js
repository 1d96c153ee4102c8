// The console's surveys section: create a survey (the standard questions for its stage and the
// event's learning goals), open and close it, watch its figures arrive, pick comments to quote.

import { $, el, readJson } from "../core/dom.js";
import { upsert } from "../core/live.js";
import { act, boot, startPage } from "../core/page.js";

const text = readJson("survey-text");
let state = {};
const openTexts = new Set();
const textsOf = new Map();

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ""));
}

const fmt = (x) => (x == null ? "–" : x.toFixed(2));

function figuresBlock(survey, figures) {
  const box = el("div", { class: "survey-figures" });
  if (!figures) return box;
  box.append(
    el("p", {
      class: "survey-count",
      text: fill(text.answers, { n: figures.responses, m: figures.eligible }),
    }),
  );
  const byKey = new Map((figures.questions || []).map((q) => [q.key, q]));
  for (const q of survey.questions) {
    const f = byKey.get(q.key);
    if (!f) continue;
    const item = el("div", { class: "figure", dataset: { key: q.key } });
    item.append(el("h4", { text: q.label, dir: "auto" }));
    if (f.distribution) {
      const top = Math.max(1, ...f.distribution);
      const bars = el("div", { class: "mini-bars" });
      f.distribution.forEach((count, i) => {
        const bar = el("span", { class: "mini-bar", title: `${f.scale[0] + i}: ${count}` });
        bar.style.setProperty("--share", String(count / top));
        bars.append(bar);
      });
      const scale = el("div", { class: "mini-scale muted small" });
      f.distribution.forEach((count, i) => {
        scale.append(el("span", { text: `${f.scale[0] + i}`, title: String(count) }));
      });
      item.append(bars, scale);
      const parts = [fill(text.answersOf, { n: f.n })];
      if (f.nps != null) parts.push(fill(text.nps, { nps: Math.round(f.nps) }));
      else if (f.low != null)
        parts.push(fill(text.mean, { mean: fmt(f.mean), low: fmt(f.low), high: fmt(f.high) }));
      else if (f.mean != null) parts.push(fill(text.meanOnly, { mean: fmt(f.mean) }));
      item.append(el("p", { class: "muted small", text: parts.join(" · ") }));
    } else if (f.counts) {
      item.append(
        el(
          "p",
          { class: "word-list" },
          ...f.counts
            .slice(0, 20)
            .map(([word, n]) => el("span", { class: "chip", text: `${word} ${n}`, dir: "auto" })),
        ),
      );
    }
    box.append(item);
  }
  return box;
}

async function toggleTexts(survey) {
  if (openTexts.has(survey.id)) openTexts.delete(survey.id);
  else {
    const data = await act("survey.texts", { survey_id: survey.id });
    if (!data) return;
    textsOf.set(survey.id, data.texts);
    openTexts.add(survey.id);
  }
  draw();
}

function textsBlock(survey) {
  const texts = textsOf.get(survey.id) || [];
  if (!texts.length) return el("p", { class: "muted", text: text.noTexts });
  return el(
    "ul",
    { class: "quote-list" },
    ...texts.map((t) => {
      const box = el("input", { type: "checkbox", id: `quote-${t.id}` });
      box.checked = t.quoted;
      box.addEventListener("change", async () => {
        const data = await act("survey.quote", { answer_id: t.id, quoted: box.checked });
        if (data) t.quoted = data.quoted;
        else box.checked = t.quoted;
      });
      return el(
        "li",
        {},
        el("blockquote", { text: t.text, dir: "auto" }),
        el("label", { class: "check", for: `quote-${t.id}` }, box, ` ${text.quote}`),
      );
    }),
  );
}

function surveyCard(survey) {
  const card = el("article", {
    class: "card survey-admin",
    dataset: { surveyId: String(survey.id), status: survey.status },
  });
  const phase = (boot.phases || []).find((p) => p.id === survey.phase_id);
  card.append(
    el(
      "div",
      { class: "card-head" },
      el("h2", { text: survey.title, dir: "auto" }),
      el("span", { class: `badge status-${survey.status}`, text: text.statuses[survey.status] }),
    ),
    el("p", {
      class: "muted small",
      text: [text.stages[survey.stage], phase ? fill(text.withPhase, { phase: phase.name }) : ""]
        .filter(Boolean)
        .join(" · "),
    }),
  );
  const buttons = el("div", { class: "row tight" });
  const button = (label, name, cls = "") => {
    const b = el("button", { type: "button", class: cls, text: label });
    b.addEventListener("click", () => act(name, { survey_id: survey.id }));
    buttons.append(b);
  };
  if (survey.status === "open") button(text.close, "survey.close");
  else button(text.open, "survey.open", "primary");
  if (survey.status !== "open") button(text.delete, "survey.delete", "link danger");
  if (survey.questions.some((q) => q.kind === "text")) {
    const t = el("button", { type: "button", class: "link", text: text.texts });
    t.addEventListener("click", () => toggleTexts(survey));
    buttons.append(t);
  }
  card.append(buttons, figuresBlock(survey, state.survey_results?.[String(survey.id)]));
  if (openTexts.has(survey.id)) card.append(textsBlock(survey));
  return card;
}

function draw() {
  const surveys = state.surveys || [];
  $("survey-list").replaceChildren(
    ...(surveys.length
      ? surveys.map(surveyCard)
      : [el("p", { class: "card muted", text: text.none })]),
  );
}

const phaseSelect = $("survey-phase");
for (const phase of boot.phases || [])
  phaseSelect.append(el("option", { value: String(phase.id), text: phase.name }));

$("survey-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const goals = $("survey-goals")
    .value.split("\n")
    .map((g) => g.trim())
    .filter(Boolean);
  const phase = Number(phaseSelect.value) || null;
  const stage = $("survey-stage").value;
  await act("survey.create", {
    title: $("survey-title").value,
    stage,
    goals: stage === "pulse" ? [] : goals,
    phase_id: phase,
  });
});

/** A survey's new state, from a revisioned update or (drafts) a facilitator-only view. */
function takeSurvey(type, data) {
  if (type === "survey.updated") state.surveys = upsert(state.surveys || [], data);
  else if (type === "survey.removed")
    state.surveys = (state.surveys || []).filter((s) => s.id !== data.id);
  else return false;
  draw();
  return true;
}

startPage({
  errorBox: "surveys-error",
  onSnapshot(snapshot) {
    state = snapshot;
    draw();
  },
  onUpdate: takeSurvey,
  onView(type, data) {
    if (takeSurvey(type, data) || type !== "survey.live") return;
    state.survey_results ||= {};
    const known = state.survey_results[String(data.survey_id)];
    if (known && known.at_ms > data.at_ms) return;
    state.survey_results[String(data.survey_id)] = data;
    draw();
  },
});
