// Drawing one screen's part of the wall canvas. Everything is positioned in canvas pixels (the
// wall's logical canvas, bezels included); the page shifts and scales the canvas so the screen
// shows only its viewport. Only elements that touch this screen are created, so each screen of
// an 80-screen wall does the work of one. The content of each mode is in wall-modes.js.

import { currentPhase, formatRemaining, remainingMs } from "../core/countdown.js";
import { el } from "../core/dom.js";
import { box, intersects, rowBands, spread } from "./draw.js";
import { fitScreen } from "./fit.js";
import {
  banner,
  canvasOf,
  LayoutError,
  legiblePx,
  noticeHeight,
  paginate,
  planCards,
  usableAreas,
} from "./layout.js";
import { agoText, MODES } from "./modes.js";

export class WallRenderer {
  constructor(canvasEl, text, join) {
    this.canvasEl = canvasEl;
    this.t = text;
    this.join = join; // {code, joinUrl, qrUrl}
    this.countdowns = [];
    this.ages = []; // {node, at}: "5 min ago" lines, kept current by tick()
    this.pages = [];
    this.paging = null;
    this.notice = null;
  }

  /** Rebuild this screen's part of the canvas for view {wall, key, state, screen, screens, now}. */
  render(view) {
    const { wall, key } = view;
    this.view = view;
    this.geometry = wall.geometry;
    this.countdowns = [];
    this.ages = [];
    this.pages = [];
    this.paging = null;
    this.bannerTitle = null;
    this.me = this.geometry.screens.find((s) => s.key === key) || this.geometry.screens[0];
    this.canvas = canvasOf(this.geometry);
    this.glyph = wall.glyph_px;
    this.floor = legiblePx(this.glyph);
    this.bannerPx = wall.mode === "identify" ? 0 : wall.banner_px;
    if (this.notice && view.now >= this.notice.until) this.notice = null;
    // While an announcement shows across the bottom, the cards make room for it.
    this.noticePx =
      this.notice && wall.mode !== "announcement" && wall.mode !== "identify"
        ? noticeHeight(wall.banner_px)
        : 0;
    const nodes = [];
    if (this.bannerPx) nodes.push(...this.#banner());
    (MODES[wall.mode] || MODES.join)(this, nodes);
    if (this.noticePx) nodes.push(...this.#notice());
    this.canvasEl.dataset.mode = wall.mode;
    this.canvasEl.replaceChildren(...nodes);
    this.tick(view.now);
    fitScreen(this.canvasEl);
  }

  /** Redraw what changes with time alone: countdowns, posts' ages, and the end of a notice. */
  tick(now) {
    const phase = currentPhase(this.view?.state.agenda);
    const ms = remainingMs(phase, now);
    for (const node of this.countdowns) {
      node.textContent = phase ? formatRemaining(ms) : "";
      node.classList.toggle("overtime", ms < 0);
    }
    let aged = false;
    for (const { node, at } of this.ages) {
      const text = agoText(this.t.ago, at, now);
      if (node.textContent === text) continue;
      node.textContent = text;
      aged = true;
    }
    // An age grew a digit ("9 min" to "10 min"): fitted again (once a minute at most).
    if (aged && this.canvasEl.isConnected) fitScreen(this.canvasEl);
    if (this.notice && now >= this.notice.until) this.hideNotice();
  }

  /** Show page p of a paged mode (ideas, results, teams, progress): the flip itself. */
  showPage(p) {
    this.shownPage = p;
    if (this.bannerTitle) {
      const paged = this.pages.length > 1 ? ` · ${p + 1}/${this.pages.length}` : "";
      this.bannerTitle.textContent = `${this.bannerBase}${paged}`;
    }
    // Every page stays laid out on a layer of its own and the flip only changes which one is
    // opaque: no layout, no repaint, so a TV's small CPU holds its frame rate through it. (A
    // cross-fade cost several frames per flip with software compositing; the cut is also
    // what makes 80 screens visibly turn together.)
    this.pages.forEach((page, index) => {
      page.classList.toggle("off", index !== p);
    });
  }

  /** An announcement across the bottom of the wall until server time `until`. Cards are laid
   * out again above it (every screen does the same, so pages still line up). */
  showNotice(html, until) {
    this.notice = { html, until };
    this.#redraw();
  }

  hideNotice() {
    this.notice = null;
    this.#redraw();
  }

  #redraw() {
    if (!this.view) return;
    const page = this.shownPage ?? 0;
    this.render(this.view);
    this.showPage(Math.min(page, Math.max(0, this.pages.length - 1)));
  }

  #notice() {
    const band = banner(this.geometry, this.noticePx, "bottom");
    const nodes = [];
    for (const row of this.bands(band.y)) {
      const rect = { ...row, y: band.y, h: Math.min(row.h, band.h) };
      if (!this.mine(rect)) continue;
      // As much of the message as fits (the phones and the announcement mode show it all).
      const body = el("div", { class: "prose wall-fill" });
      body.innerHTML = this.notice.html; // sanitised on the server (markup.py)
      for (const part of spread(this.geometry, rect, [body])) {
        if (this.mine(part.rect))
          nodes.push(this.fitted(box("wall-notice", part.rect, this.glyph, body)));
      }
    }
    return nodes;
  }

  // --- helpers for the modes -------------------------------------------------------------
  mine(rect) {
    return intersects(rect, this.me);
  }

  /** A box whose text shrinks to fit it, down to the legibility limit (see fit.js). */
  fitted(node) {
    node.classList.add("wall-fit");
    node.dataset.floor = String(this.floor);
    return node;
  }

  /** This screen's area below the banner (and above an announcement). */
  area() {
    return usableAreas(this.geometry, this.bannerPx, this.noticePx).get(this.me.key);
  }

  /** Rows of screens below the banner (and above an announcement), as full-width bands. */
  bands(top = this.bannerPx) {
    const bottom = this.canvas.h - this.noticePx;
    return rowBands(this.geometry, this.canvas, top)
      .map((band) => ({ ...band, h: Math.min(band.y + band.h, bottom) - band.y }))
      .filter((band) => band.h > 0);
  }

  /** Card slots for n items (null when no readable card fits). */
  plan(n, options = {}) {
    // `geometry`: lay the slots out over these areas instead (a part of the wall, as screens).
    const { geometry = this.geometry, ...rest } = options;
    try {
      return planCards(geometry, n, {
        minGlyphPx: this.glyph,
        reserveTop: this.bannerPx,
        reserveBottom: this.noticePx,
        ...rest,
      });
    } catch (err) {
      if (err instanceof LayoutError) return null;
      throw err;
    }
  }

  /** Draw items into pages of slots (only the slots on this screen); pages flip by the epoch. */
  paged(nodes, ids, plan, drawItem) {
    const pages = paginate(ids, plan);
    pages.forEach((page, index) => {
      const items = page
        .filter(([, slot]) => slot.screen_key === this.me.key)
        .map(([id, slot]) => drawItem(id, slot));
      const container = el("div", { class: "wall-page off", dataset: { page: index } }, ...items);
      this.pages.push(container);
      nodes.push(container);
    });
    const wall = this.view.wall;
    this.paging = { epoch: wall.epoch_ms, dwell: wall.dwell_ms, pages: pages.length };
    // The banner is fitted with the widest page number it will show ("12/12").
    if (this.bannerTitle && pages.length > 1)
      this.bannerTitle.textContent = `${this.bannerBase} · ${pages.length}/${pages.length}`;
  }

  emptyNote(nodes, message) {
    const area = this.area();
    if (area && area.h > this.glyph * 2)
      nodes.push(
        this.fitted(box("wall-empty", area, this.glyph * 1.4, el("p", { text: message }))),
      );
  }

  /** Text items shared out over a band's screens, each inside one screen (see spread()). */
  spreadText(nodes, band, items, cls, fontPx) {
    for (const part of spread(this.geometry, band, items)) {
      if (this.mine(part.rect))
        nodes.push(
          this.fitted(box(`${cls} align-${part.align}`, part.rect, fontPx, ...part.items)),
        );
    }
  }

  #banner() {
    const band = banner(this.geometry, this.bannerPx);
    const { state, wall } = this.view;
    const phase = currentPhase(state.agenda);
    const countdown = el("span", { class: "wall-banner-countdown" });
    this.countdowns.push(countdown);
    this.bannerBase = this.t.modes?.[wall.mode] || wall.mode;
    this.bannerTitle = el("span", {
      class: "wall-banner-title wall-fit-line",
      text: this.bannerBase,
    });
    const nodes = [];
    if (this.mine(band)) nodes.push(box("wall-banner", band));
    // Too long for the banner even at the legibility limit: the event name gives way first,
    // then the phase's name, then the event's state; the mode and the countdown stay (fit.js,
    // data-drop). The state ("Joins closed", "Locked") is in the banner, beside the event's
    // name, rather than in a box over it (the page's own notice box is hidden on a wall).
    const status = state.event?.notice ? state.event.status_label || "" : "";
    const items = [
      el(
        "span",
        { class: "wall-banner-event wall-fit-line" },
        status
          ? el("span", { class: "wall-event-state", text: status, dataset: { drop: "3" } })
          : "",
        el("span", { text: state.event?.name || "", dataset: { drop: "1" } }),
      ),
      this.bannerTitle,
      el(
        "span",
        { class: "wall-banner-phase wall-fit-line" },
        el("span", { text: phase ? phase.name : "", dataset: { drop: "2" } }),
        countdown,
      ),
    ];
    // Each item sits inside one screen, so no bezel cuts through a word.
    this.spreadText(nodes, band, items, "wall-banner-part", this.glyph);
    return nodes;
  }
}
