// Doing things on every wall screen at the same instant: a change scheduled for server time T
// is applied by a timer at T, by each screen's own estimate of the server clock (plus its
// display-latency correction), and shows on that screen's next refresh. Page flips follow from
// a shared epoch and dwell, so no tick message is ever needed.
import { nextFlipAt, pageAt } from "../core/clock.js";

// How early the timer wakes before the instant; the rest is waited out on the clock itself.
// Timers fire late by a few ms whenever the OS or the renderer is busy, by different amounts on
// different screens; waiting out the last 3 ms on the clock absorbs most of that. Not longer:
// with several screens on one machine (previews, the benchmark) their busy waits compete for
// the cores, and 6 ms measured worse than 3 (docs/performance.md).
const LEAD_MS = 3;

/**
 * Call fn(now) as soon as now() >= targetMs, never synchronously. Returns a cancel function.
 * now() is the screen's server-time estimate (its clock offset and latency included).
 *
 * Why a timer and not the first animation frame at or after T: each display refreshes on its
 * own clock, so any frame-aligned rule spreads screens over a whole refresh interval before
 * load adds more. Applied at T on every screen, the change shows on each screen's next refresh:
 * the one part no browser can align (TVs are not genlocked).
 */
export function atServerTime(now, targetMs, fn) {
  let cancelled = false;
  let timer = null;
  const check = () => {
    if (cancelled) return;
    let t = now();
    if (targetMs - t > LEAD_MS) {
      timer = setTimeout(check, targetMs - t - LEAD_MS);
      return;
    }
    while (t < targetMs) t = now();
    fn(t);
  };
  timer = setTimeout(check, Math.max(0, targetMs - now() - LEAD_MS));
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}

/**
 * Keeps a paged view on the page the shared epoch says, flipping at the instant the page changes.
 * getPaging() returns {epoch, dwell, pages} (or null when nothing pages); onFlip(page, at)
 * shows it.
 */
export class PageClock {
  constructor(now, getPaging, onFlip) {
    this.now = now;
    this.getPaging = getPaging;
    this.onFlip = onFlip;
    this.cancel = null;
    this.page = null;
  }

  /** Show the page for now at once and schedule the next flip; call after any change. */
  restart() {
    this.stop();
    const paging = this.getPaging();
    if (!paging || paging.pages <= 1) {
      this.page = 0;
      return 0;
    }
    const t = this.now();
    this.page = pageAt(t, paging.epoch, paging.dwell, paging.pages);
    const flipAt = nextFlipAt(t, paging.epoch, paging.dwell);
    this.cancel = atServerTime(this.now, flipAt, (at) => {
      const again = this.getPaging();
      if (!again || again.pages <= 1) return;
      const page = pageAt(at, again.epoch, again.dwell, again.pages);
      this.page = page;
      this.onFlip(page, at, flipAt);
      this.restart();
    });
    return this.page;
  }

  stop() {
    if (this.cancel) this.cancel();
    this.cancel = null;
  }
}

/** A small log of what this screen applied and when, for health checks and the flip-skew
 * benchmark (window.hackkitWall.log): `at` by the server clock estimate, `local` by this
 * device's own clock, `target` the instant that was asked for, `frame` when it was shown. */
export function recordApplied(kind, detail, at) {
  window.hackkitWall ||= { log: [] };
  const log = window.hackkitWall.log;
  const entry = { kind, ...detail, at, local: performance.timeOrigin + performance.now() };
  // `frame`: the start of the frame that first shows the change, on the same clock as `local`.
  requestAnimationFrame((ts) => (entry.frame = performance.timeOrigin + ts));
  log.push(entry);
  if (log.length > 500) log.splice(0, log.length - 500);
}
