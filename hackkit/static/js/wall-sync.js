// Doing things on every wall screen at the same instant: a change scheduled for server time T
// is applied in the first animation frame at or after T, by each screen's own estimate of the
// server clock (plus its display-latency correction). Page flips follow from a shared epoch and
// dwell, so no tick message is ever needed.
import { nextFlipAt, pageAt } from "./clock.js";

// Wake this long before the instant by timer, then watch frames: timers are late by a few ms
// (more on a busy TV), animation frames are what reaches the glass.
const WAKE_EARLY_MS = 40;

/**
 * Call fn(now) in the first animation frame at which now() >= targetMs. Returns a cancel
 * function. now() is the screen's server-time estimate (its clock offset and latency included).
 */
export function atServerTime(now, targetMs, fn) {
  let cancelled = false;
  let timer = null;
  let frame = null;
  const onFrame = () => {
    if (cancelled) return;
    const t = now();
    if (t >= targetMs) fn(t);
    else frame = requestAnimationFrame(onFrame);
  };
  const wait = targetMs - now() - WAKE_EARLY_MS;
  if (wait > 0) timer = setTimeout(() => (frame = requestAnimationFrame(onFrame)), wait);
  else frame = requestAnimationFrame(onFrame);
  return () => {
    cancelled = true;
    clearTimeout(timer);
    if (frame !== null) cancelAnimationFrame(frame);
  };
}

/**
 * Keeps a paged view on the page the shared epoch says, flipping on the frame the page changes.
 * getPaging() returns {epoch, dwell, pages} (or null when nothing pages); onFlip(page, at) shows it.
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
 * device's own clock, `target` the instant that was asked for. */
export function recordApplied(kind, detail, at) {
  const log = (window.hackkitWall ||= { log: [] }).log;
  log.push({ kind, ...detail, at, local: performance.timeOrigin + performance.now() });
  if (log.length > 500) log.splice(0, log.length - 500);
}
