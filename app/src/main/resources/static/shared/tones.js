// Short notes played with Web Audio, for the sounds the pages make without an audio file: the waiting room's chime
// (call/waiting-room.js) and an incoming call's ring (shared/ring-tone.js).

/**
 * Plays the notes one after another on the context, each `length` s long and starting `gap` s after the previous,
 * fading out from `volume`. Returns the last note's oscillator, whose `onended` says when they are over.
 */
export function playNotes(context, frequencies, { gap, length, volume }) {
  const gain = context.createGain();
  gain.connect(context.destination);
  let last = null;
  frequencies.forEach((frequency, i) => {
    const tone = context.createOscillator();
    tone.frequency.value = frequency;
    const at = context.currentTime + i * gap;
    gain.gain.setValueAtTime(volume, at);
    gain.gain.exponentialRampToValueAtTime(0.001, at + length);
    tone.connect(gain);
    tone.start(at);
    tone.stop(at + length);
    last = tone;
  });
  return last;
}
