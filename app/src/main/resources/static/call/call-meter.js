/*
 * The call's meter at the top of the call: how long the call has run and how the connection is doing, judged from
 * the last few seconds of the browser's own statistics (round-trip time to the media node and the share of incoming
 * packets lost). The timer counts from the call's start as the media node knows it (its 'joined' says how long the
 * call has run), so everyone in the call sees the same duration; reconnections do not restart it.
 */

const TICK_MS = 1000;
const QUALITY_EVERY_TICKS = 2;
const WORDS = { good: 'Good', fair: 'Fair', poor: 'Poor', unknown: 'measuring…' };

/** A duration as the timer shows it: 4:05, or 1:02:03 from an hour on. */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = String(seconds % 60).padStart(2, '0');
  return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + sec : m + ':' + sec;
}

/**
 * The meter in {@code element} (#call-meter, holding #call-timer and #call-quality); {@code connection()} gives the
 * RTCPeerConnection to measure, or null while there is none. Returns {callStarted(elapsedMs), start(), stop(),
 * lastedMs()}.
 */
export function createCallMeter(element, connection) {
  const timer = element.querySelector('#call-timer');
  const quality = element.querySelector('#call-quality');
  let startedAt = 0; // performance.now() when the call started
  let interval = null;
  let ticks = 0;
  let lastCounts = { received: 0, lost: 0 };

  function tick() {
    timer.textContent = formatDuration(performance.now() - startedAt);
    if (ticks++ % QUALITY_EVERY_TICKS === 0) measure().catch(() => {});
  }

  async function measure() {
    const pc = connection();
    if (!pc) return;
    let rtt = null;
    let received = 0;
    let missing = 0;
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') {
        rtt = report.currentRoundTripTime;
      } else if (report.type === 'inbound-rtp') {
        received += report.packetsReceived || 0;
        missing += Math.max(0, report.packetsLost || 0);
      }
    });
    const newLost = Math.max(0, missing - lastCounts.lost);
    const newTotal = Math.max(0, received - lastCounts.received) + newLost;
    lastCounts = { received, lost: missing };
    const loss = newTotal > 0 ? newLost / newTotal : 0;
    const level =
      rtt === null ? 'unknown' : rtt > 0.4 || loss > 0.08 ? 'poor' : rtt > 0.2 || loss > 0.02 ? 'fair' : 'good';
    quality.dataset.quality = level;
    quality.textContent = 'Connection: ' + WORDS[level];
    quality.title =
      rtt === null
        ? ''
        : 'Round trip ' + Math.round(rtt * 1000) + ' ms, ' + (loss * 100).toFixed(1) + ' % of packets lost';
  }

  return {
    /**
     * The call has run {@code elapsedMs} (the node's word); a later node's shorter count (after a failover, the call
     * starts anew there) does not shorten it.
     */
    callStarted(elapsedMs) {
      if (!Number.isFinite(elapsedMs) || elapsedMs < 0) return;
      const start = performance.now() - elapsedMs;
      if (!startedAt || start < startedAt) startedAt = start;
    },
    /** Shows the meter; without the node's word, the timer counts from now. */
    start() {
      if (!startedAt) startedAt = performance.now();
      element.hidden = false;
      if (!interval) interval = setInterval(tick, TICK_MS);
      tick();
    },
    /** Stops and hides the meter (the call is over). */
    stop() {
      clearInterval(interval);
      interval = null;
      element.hidden = true;
    },
    /** How long the call has run (0 when it never started here). */
    lastedMs() {
      return startedAt ? performance.now() - startedAt : 0;
    },
  };
}
