// Server clock for phones and wall screens: an NTP-style estimate of the offset between this
// device's clock and the server's, plus the page arithmetic every wall screen shares.
// Twin of hackkit/wall/clock.py and hackkit/wall/paging.py; both must agree on the same inputs.
// Plain ES module: no build step, no dependencies.

// performance.timeOrigin + performance.now() never jumps when the OS clock is corrected,
// unlike Date.now(), so an offset measured once stays valid between syncs.
function monotonicNow() {
  return performance.timeOrigin + performance.now();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Offset and round trip of one ping {t0, t1, t2, t3}, as in clock.py's offset_and_rtt. */
export function offsetAndRtt({ t0, t1, t2, t3 }) {
  return { offset: (t1 - t0 + (t2 - t3)) / 2, rtt: t3 - t0 - (t2 - t1) };
}

/**
 * The median offset of the `keep` pings with the shortest round trips (see clock.py for why).
 * Returns {offsetMs, rttMs, samples}.
 */
export function estimate(samples, keep = 3) {
  if (!samples.length) throw new RangeError("estimating a clock offset needs at least one sample");
  if (!(keep >= 1)) throw new RangeError("keep must be at least 1");
  const measured = samples.map((sample) => {
    const { offset, rtt } = offsetAndRtt(sample);
    if (!Number.isFinite(offset) || !Number.isFinite(rtt)) {
      throw new RangeError("sample has a non-finite time");
    }
    return { offset, rtt };
  });
  // Array.prototype.sort is stable, so ties keep arrival order exactly as Python's sorted does.
  const best = measured.sort((a, b) => a.rtt - b.rtt).slice(0, keep);
  return {
    offsetMs: median(best.map((m) => m.offset)),
    rttMs: Math.max(0, best[0].rtt),
    samples: samples.length,
  };
}

function checkDwell(dwell) {
  if (!Number.isFinite(dwell) || dwell <= 0) {
    throw new RangeError("dwell must be a positive number of milliseconds");
  }
}

/** The page shown at server time t: floor((t - epoch) / dwell) mod pages; 0 if no pages. */
export function pageAt(t, epoch, dwell, pages) {
  checkDwell(dwell);
  if (pages <= 0) return 0;
  const n = Math.floor((t - epoch) / dwell);
  // JS % keeps the sign of the dividend; fold it so times before the epoch match Python.
  return ((n % pages) + pages) % pages;
}

/** Server time (whole ms) of the next page flip after t, rounded up so it is on the new page. */
export function nextFlipAt(t, epoch, dwell) {
  checkDwell(dwell);
  return Math.ceil(epoch + (Math.floor((t - epoch) / dwell) + 1) * dwell);
}

/**
 * Keeps an estimate of server time.
 *
 * pingFn(t0) must send t0 to the server and resolve to {t1, t2}: the server's receive and
 * reply times in ms (the page implements it with a Socket.IO ack).
 */
export class ServerClock {
  constructor(pingFn, { samples = 8, intervalMs = 60000, keep = 3, onSync = null, localNow } = {}) {
    this.pingFn = pingFn;
    this.sampleCount = samples;
    this.intervalMs = intervalMs;
    this.keep = keep;
    this.onSync = onSync;
    this.localNow = localNow || monotonicNow;
    this.offsetMs = 0;
    this.rttMs = Infinity;
    this.synced = false;
    this.timer = null;
    this.pending = null;
  }

  /** Ping the server `samples` times and adopt the new estimate; resolves to it. */
  sync() {
    // Overlapping rounds would queue pings behind each other and inflate every round trip.
    if (!this.pending) {
      this.pending = this.collect().finally(() => {
        this.pending = null;
      });
    }
    return this.pending;
  }

  async collect() {
    const samples = [];
    // One ping at a time: parallel pings would queue behind each other on the same socket.
    for (let i = 0; i < this.sampleCount; i += 1) {
      const t0 = this.localNow();
      let reply;
      try {
        reply = await this.pingFn(t0);
      } catch {
        continue; // a lost ping just means one fewer sample
      }
      const t3 = this.localNow();
      samples.push({ t0, t1: reply.t1, t2: reply.t2, t3 });
    }
    if (!samples.length) throw new Error("no clock ping was answered");
    // Always adopt the fresh round: the two clocks drift apart (tens of ppm), so an old
    // estimate with a shorter round trip is not a better one a few minutes later.
    const result = estimate(samples, this.keep);
    this.offsetMs = result.offsetMs;
    this.rttMs = result.rttMs;
    this.synced = true;
    if (this.onSync) this.onSync(result);
    return result;
  }

  /** Current server time in ms, by this device's clock plus the estimated offset. */
  now() {
    return this.localNow() + this.offsetMs;
  }

  /** Sync now and then every intervalMs; resolves after the first sync (or its failure). */
  start() {
    this.stop();
    this.timer = setInterval(() => {
      this.sync().catch(() => {}); // keep the last good offset; try again next interval
    }, this.intervalMs);
    return this.sync();
  }

  /** Stop the periodic re-sync; the last estimate stays in use. */
  stop() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
