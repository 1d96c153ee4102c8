// Idea cards and the board's filter, shared by the phone's idea board and the console.
import { el } from "../core/dom.js";

// Ideas matching a challenge filter ("" = all, "none" = without challenge) and a search text.
export function filterIdeas(ideas, { challenge = "", query = "" } = {}) {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return ideas.filter((idea) => {
    if (challenge === "none" && idea.challenge_id != null) return false;
    if (challenge && challenge !== "none" && String(idea.challenge_id) !== challenge) return false;
    if (!words.length) return true;
    const text = [
      idea.title,
      idea.pitch,
      idea.team_name,
      idea.author_name,
      idea.description_html.replace(/<[^>]*>/g, " "),
    ]
      .join(" ")
      .toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export function fillChallengeFilter(select, challenges) {
  const current = select.value;
  select.replaceChildren(
    el("option", { value: "", text: "All challenges" }),
    ...challenges.map((c) => el("option", { value: String(c.id), text: c.title })),
    el("option", { value: "none", text: "No challenge" }),
  );
  select.value = [...select.options].some((o) => o.value === current) ? current : "";
}

// A team's latest "working out loud" posts (plain text, newest first): under its idea, and on
// its card in the console's teams page.
export function progressList(posts) {
  return el(
    "div",
    { class: "idea-progress" },
    el("p", { class: "eyebrow", text: "Working out loud" }),
    el(
      "ul",
      { class: "progress-mini" },
      ...posts.map((p) =>
        el(
          "li",
          {},
          el("span", { class: "muted", text: `${p.author_name || "Someone"}: ` }),
          el("span", { text: p.body }),
        ),
      ),
    ),
  );
}

// One idea as a card. ``extra`` is appended at the bottom (edit link, moderation controls);
// ``progress`` are its team's recent progress posts.
export function ideaCard(idea, { challengeTitle = "", extra = [], progress = [] } = {}) {
  const card = el("article", { class: "idea-card", dataset: { id: idea.id } });
  if (idea.image_url) {
    card.append(
      el("img", {
        class: "idea-image",
        src: idea.image_url,
        alt: "",
        loading: "lazy",
        width: "640",
        height: "360",
      }),
    );
  }
  const body = el("div", { class: "idea-body" });
  const byline = [idea.team_name || idea.author_name || "", challengeTitle]
    .filter(Boolean)
    .join(" · ");
  body.append(
    el("h3", { class: "idea-title", text: idea.title }),
    el("p", { class: "idea-byline muted", text: byline }),
  );
  if (idea.pitch) body.append(el("p", { class: "idea-pitch", text: idea.pitch }));
  if (idea.description_html || idea.links.length) {
    const more = el("details", { class: "idea-more" }, el("summary", { text: "More" }));
    const prose = el("div", { class: "prose" });
    prose.innerHTML = idea.description_html; // sanitised on the server (markup.py)
    more.append(prose);
    if (idea.links.length) {
      more.append(
        el(
          "ul",
          { class: "idea-links" },
          ...idea.links.map((href) =>
            el(
              "li",
              {},
              el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", text: href }),
            ),
          ),
        ),
      );
    }
    body.append(more);
  }
  if (progress.length) body.append(progressList(progress));
  if (extra.length) body.append(el("div", { class: "idea-actions" }, ...extra));
  card.append(body);
  return card;
}

// Redrawing the board must not fold up the card someone is reading: remember open cards.
export function keepOpen(container, openIds) {
  for (const details of container.querySelectorAll("details.idea-more")) {
    const id = Number(details.closest(".idea-card").dataset.id);
    details.open = openIds.has(id);
    details.addEventListener("toggle", () => (details.open ? openIds.add(id) : openIds.delete(id)));
  }
}
