/*
 * A live microphone level: the loudness of the stream's audio, a few times a second, into a <meter> (0 to 1). The
 * page's own AudioContext reads a clone of the track, so stopping the meter never stops the microphone.
 */

/** Starts measuring {@code stream}'s first audio track into {@code meter}; returns {stop()}. */
export function startLevelMeter(stream, meter) {
  const track = stream.getAudioTracks()[0];
  if (!track || typeof AudioContext === 'undefined') return { stop() {} };
  const clone = track.clone();
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(new MediaStream([clone])).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  // A page without a click yet may start its context suspended; the Join click resumes nothing we need.
  context.resume().catch(() => {});
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    const rms = Math.sqrt(sum / samples.length);
    // Speech sits around -40 to -10 dBFS: spread that over the meter.
    const db = 20 * Math.log10(Math.max(rms, 1e-5));
    meter.value = Math.min(1, Math.max(0, (db + 60) / 50));
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      clone.stop();
      meter.value = 0;
      context.close().catch(() => {});
    },
  };
}
