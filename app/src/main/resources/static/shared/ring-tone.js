// The sound of an incoming call, made with Web Audio (no audio file): two short rising notes twice, every 2.5 s,
// until stopped. A page the person has not touched yet may not play sound (the browser's autoplay rule): start()
// then resolves to false, and the next touch of the page (pointer or key) lets it sound.

import { playNotes } from '/shared/tones.js';

const PATTERN_MS = 2500;

let context = null;
let timer = null;
let listeners = null; // removes the "touch to unlock" listeners

/** Starts ringing (stopping an earlier ring); resolves to whether it sounds. */
export async function start() {
  stop();
  if (typeof AudioContext === 'undefined') return false;
  const own = new AudioContext();
  context = own;
  const ring = () => {
    if (own.state === 'running') playNotes(own, [659, 880, 659, 880], { gap: 0.2, length: 0.19, volume: 0.15 });
  };
  timer = setInterval(ring, PATTERN_MS);
  listeners = new AbortController();
  const unlock = () => own.resume().then(ring, () => {});
  addEventListener('pointerdown', unlock, { once: true, capture: true, signal: listeners.signal });
  addEventListener('keydown', unlock, { once: true, capture: true, signal: listeners.signal });
  // resume() waits where the page may not play yet: give it a moment, not more.
  await Promise.race([own.resume().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 300))]);
  ring();
  return own.state === 'running';
}

export function stop() {
  clearInterval(timer);
  timer = null;
  if (listeners) listeners.abort();
  listeners = null;
  if (context) context.close().catch(() => {});
  context = null;
}
