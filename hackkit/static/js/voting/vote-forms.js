// One small form per voting method, built for a 360 px phone. Each form keeps its unsent
// choices in `draft` (so a live update that redraws the page does not lose them) and calls
// `submit(content)` with the ballot in the method's own shape.
import { el } from "../core/dom.js";

function optionsOf(ballot, view) {
  const byId = Object.fromEntries(ballot.options.map((o) => [o.id, o]));
  const blocked = new Set(view.blocked || []);
  return (view.order || ballot.options.map((o) => o.id))
    .filter((id) => byId[id])
    .map((id) => ({ ...byId[id], blocked: blocked.has(id) }));
}

function optionText(o) {
  return el(
    "span",
    { class: "option-text" },
    el("strong", { text: o.title }),
    o.team ? el("span", { class: "option-team muted", text: o.team }) : "",
    o.pitch ? el("span", { class: "option-pitch muted", text: o.pitch }) : "",
    o.blocked
      ? el("span", { class: "option-blocked", text: "Your team — you cannot vote for it" })
      : "",
  );
}

function footer(sendButton, cancel) {
  const row = el("div", { class: "row vote-actions" }, sendButton);
  if (cancel) {
    const keep = el("button", { type: "button", class: "link", text: "Keep my vote" });
    keep.addEventListener("click", cancel);
    row.append(keep);
  }
  return row;
}

function sendButton(label, enabled, onClick) {
  const button = el("button", { type: "button", class: "primary send", text: label });
  button.disabled = !enabled;
  button.addEventListener("click", onClick);
  return button;
}

function stepper(value, { min, max, step, label, onChange }) {
  const minus = el("button", {
    type: "button",
    class: "step",
    text: "−",
    "aria-label": `Less for ${label}`,
  });
  const plus = el("button", {
    type: "button",
    class: "step",
    text: "+",
    "aria-label": `More for ${label}`,
  });
  const out = el("output", { class: "step-value", text: String(value), "aria-live": "polite" });
  minus.disabled = value <= min;
  plus.disabled = value >= max;
  minus.addEventListener("click", () => onChange(Math.max(min, value - step)));
  plus.addEventListener("click", () => onChange(Math.min(max, value + step)));
  return el("span", { class: "stepper" }, minus, out, plus);
}

const sum = (map) => Object.values(map).reduce((a, b) => a + b, 0);
const nonZero = (map) => Object.fromEntries(Object.entries(map).filter(([, n]) => n > 0));

function single({ ballot, view, draft, submit, sending, cancel }) {
  const box = el("div", { class: "vote-form" });
  const draw = () => {
    const list = el("div", { class: "choice-list", role: "radiogroup", "aria-label": "Ideas" });
    for (const o of optionsOf(ballot, view)) {
      const button = el(
        "button",
        {
          type: "button",
          class: "choice",
          role: "radio",
          "aria-checked": String(draft.choice === o.id),
          dataset: { option: o.id },
        },
        optionText(o),
      );
      button.disabled = o.blocked;
      button.addEventListener("click", () => {
        draft.choice = o.id;
        draw();
      });
      list.append(button);
    }
    const chosen = ballot.options.find((o) => o.id === draft.choice);
    const send = sendButton(
      chosen ? `Vote for ${chosen.title}` : "Pick one idea",
      !!chosen && !sending,
      () => submit({ choice: draft.choice }),
    );
    box.replaceChildren(
      el("p", { class: "instruction", text: "Pick the one idea you like best." }),
      list,
      footer(send, cancel),
    );
  };
  draw();
  return box;
}

function approval({ ballot, view, draft, submit, sending, cancel }) {
  const box = el("div", { class: "vote-form" });
  const max = ballot.params.max_choices || null;
  const draw = () => {
    const list = el("div", { class: "choice-list", role: "group", "aria-label": "Ideas" });
    for (const o of optionsOf(ballot, view)) {
      const on = draft.choices.has(o.id);
      const button = el(
        "button",
        {
          type: "button",
          class: "choice",
          role: "checkbox",
          "aria-checked": String(on),
          dataset: { option: o.id },
        },
        optionText(o),
      );
      button.disabled = o.blocked || (!on && max !== null && draft.choices.size >= max);
      button.addEventListener("click", () => {
        on ? draft.choices.delete(o.id) : draft.choices.add(o.id);
        draw();
      });
      list.append(button);
    }
    const n = draft.choices.size;
    const send = sendButton(
      n ? `Approve ${n} ${n === 1 ? "idea" : "ideas"}` : "Pick at least one idea",
      n > 0 && !sending,
      () => submit({ choices: [...draft.choices] }),
    );
    const text = max
      ? `Pick every idea you support (up to ${max}).`
      : "Pick every idea you support.";
    box.replaceChildren(el("p", { class: "instruction", text }), list, footer(send, cancel));
  };
  draw();
  return box;
}

function amounts(
  { ballot, view, draft, submit, sending, cancel },
  { key, total, perOption, step, instruction, unit, exact },
) {
  const box = el("div", { class: "vote-form" });
  const draw = () => {
    const used = sum(draft[key]);
    const left = total - used;
    const rows = el("div", { class: "amount-list" });
    for (const o of optionsOf(ballot, view)) {
      const value = draft[key][o.id] || 0;
      const control = stepper(value, {
        min: 0,
        max: Math.min(perOption, value + left),
        step,
        label: o.title,
        onChange: (n) => {
          draft[key][o.id] = n;
          draw();
        },
      });
      const row = el(
        "div",
        { class: "amount-row", dataset: { option: o.id } },
        optionText(o),
        o.blocked ? "" : control,
      );
      rows.append(row);
    }
    const ready = exact ? left === 0 : used > 0;
    const label = exact
      ? left === 0
        ? "Send my points"
        : `${left} ${unit} left to place`
      : used
        ? `Send my ${used} ${unit}`
        : `Place at least one ${unit.replace(/s$/, "")}`;
    const send = sendButton(label, ready && !sending, () => submit({ [key]: nonZero(draft[key]) }));
    const counter = el("p", {
      class: "counter",
      "aria-live": "polite",
      text: `${left} of ${total} ${unit} left`,
    });
    box.replaceChildren(
      el("p", { class: "instruction", text: instruction }),
      counter,
      rows,
      footer(send, cancel),
    );
  };
  draw();
  return box;
}

function dots(args) {
  const k = args.ballot.params.dots ?? 5;
  const m = args.ballot.params.max_per_option ?? 3;
  return amounts(args, {
    key: "dots",
    total: k,
    perOption: m,
    step: 1,
    unit: "dots",
    exact: false,
    instruction: `Place up to ${k} dots on the ideas you like, at most ${m} on one idea.`,
  });
}

function budget(args) {
  const total = args.ballot.params.budget ?? 100;
  const step = total >= 20 ? Math.max(1, Math.round(total / 20)) : 1;
  return amounts(args, {
    key: "points",
    total,
    perOption: total,
    step,
    unit: "points",
    exact: true,
    instruction: `Spread all ${total} points over the ideas you would fund.`,
  });
}

function ranked({ ballot, view, draft, submit, sending, cancel }) {
  const box = el("div", { class: "vote-form" });
  const k = ballot.params.max_rank ?? 3;
  const draw = () => {
    const list = el("div", { class: "choice-list", role: "group", "aria-label": "Ideas" });
    for (const o of optionsOf(ballot, view)) {
      const position = draft.ranking.indexOf(o.id);
      const button = el(
        "button",
        {
          type: "button",
          class: "choice ranked",
          "aria-pressed": String(position >= 0),
          dataset: { option: o.id },
        },
        el("span", { class: "rank-badge", text: position >= 0 ? String(position + 1) : "" }),
        optionText(o),
      );
      button.disabled = o.blocked || (position < 0 && draft.ranking.length >= k);
      button.addEventListener("click", () => {
        if (position >= 0) draft.ranking.splice(position, 1);
        else draft.ranking.push(o.id);
        draw();
      });
      list.append(button);
    }
    const titles = Object.fromEntries(ballot.options.map((o) => [o.id, o.title]));
    const order = el(
      "ol",
      { class: "my-ranking" },
      ...draft.ranking.map((id) => el("li", { text: titles[id] })),
    );
    const clear = el("button", { type: "button", class: "link", text: "Start again" });
    clear.addEventListener("click", () => {
      draft.ranking = [];
      draw();
    });
    const n = draft.ranking.length;
    const send = sendButton(
      n ? "Send my ranking" : "Tap your favourite first",
      n > 0 && !sending,
      () => submit({ ranking: [...draft.ranking] }),
    );
    box.replaceChildren(
      el("p", {
        class: "instruction",
        text: `Tap up to ${k} ideas in order: your favourite first. Tap again to take one out.`,
      }),
      n ? el("div", { class: "ranking-box" }, order, clear) : "",
      list,
      footer(send, cancel),
    );
  };
  draw();
  return box;
}

function rubric({ ballot, view, draft, submit, sending }) {
  const box = el("div", { class: "vote-form rubric-form" });
  const criteria = ballot.params.criteria || [];
  const saved = view.my_vote?.scores || {};
  const draw = () => {
    const items = [];
    for (const o of optionsOf(ballot, view)) {
      if (o.blocked) continue;
      draft.scores[o.id] ||= { ...(saved[o.id] || {}) };
      const marks = draft.scores[o.id];
      const complete = criteria.every((c) => marks[c.key]);
      const same = saved[o.id] && criteria.every((c) => saved[o.id][c.key] === marks[c.key]);
      const rows = criteria.map((c) => {
        const buttons = [1, 2, 3, 4, 5].map((n) => {
          const b = el("button", {
            type: "button",
            class: "score",
            text: String(n),
            "aria-pressed": String(marks[c.key] === n),
            "aria-label": `${c.label}: ${n}`,
          });
          b.addEventListener("click", () => {
            marks[c.key] = n;
            draw();
          });
          return b;
        });
        return el(
          "div",
          { class: "criterion", dataset: { criterion: c.key } },
          el("span", { class: "criterion-label", text: c.label }),
          el("span", { class: "scores", role: "group", "aria-label": c.label }, ...buttons),
        );
      });
      const save = sendButton(same ? "✓ Saved" : "Save scores", complete && !same && !sending, () =>
        submit({ scores: { [o.id]: { ...marks } } }),
      );
      items.push(
        el(
          "section",
          { class: `rubric-item${same ? " saved" : ""}`, dataset: { option: o.id } },
          optionText(o),
          ...rows,
          save,
        ),
      );
    }
    const done = Object.keys(saved).length;
    box.replaceChildren(
      el("p", {
        class: "instruction",
        text: `Score each idea from 1 (weak) to 5 (excellent). ${done} of ${items.length} scored.`,
      }),
      ...items,
    );
  };
  draw();
  return box;
}

export const FORMS = {
  single,
  approval,
  dots,
  budget,
  ranked,
  rubric,
  initial(ballot, myVote) {
    switch (ballot.method) {
      case "single":
        return { choice: myVote?.choice ?? null };
      case "approval":
        return { choices: new Set(myVote?.choices || []) };
      case "dots":
        return { dots: { ...(myVote?.dots || {}) } };
      case "budget":
        return { points: { ...(myVote?.points || {}) } };
      case "ranked":
        return { ranking: [...(myVote?.ranking || [])] };
      case "rubric":
        return { scores: {} };
      default:
        return {};
    }
  },
};

// A one-line reminder of what was counted, shown with the confirmation.
export function summary(ballot, content) {
  const t = Object.fromEntries(ballot.options.map((o) => [o.id, o.title]));
  switch (ballot.method) {
    case "single":
      return `You chose ${t[content.choice] ?? content.choice}.`;
    case "approval":
      return `You approved ${content.choices.map((id) => t[id]).join(", ")}.`;
    case "dots":
      return `Your dots: ${Object.entries(content.dots)
        .map(([id, n]) => `${t[id]} ${"●".repeat(n)}`)
        .join(" · ")}`;
    case "budget":
      return `Your points: ${Object.entries(content.points)
        .map(([id, n]) => `${t[id]} ${n}`)
        .join(" · ")}`;
    case "ranked":
      return `Your ranking: ${content.ranking.map((id, i) => `${i + 1}. ${t[id]}`).join("  ")}`;
    default:
      return "";
  }
}
