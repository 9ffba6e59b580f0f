/*
 * The join page's first screen: the person sees their camera, watches their microphone's level, picks camera,
 * microphone and speaker (where the browser lets a page choose its speaker: setSinkId), can play a test sound, and is
 * told plainly what is wrong when the browser blocks the devices, finds none, or another app holds them, with what to
 * do and a way on (sound only, or without camera and microphone). "Join" hands the chosen stream to the call.
 *
 * Contract: the screen is <section class="mr-prejoin">, its join button has data-action="join".
 */
import { canChooseSpeaker, constraintsFor, deviceInUse, fillDeviceChoice, listDevices } from './devices.js';
import { startLevelMeter } from './level-meter.js';

/** What each getUserMedia failure means for the person, and what they can do in this browser. */
const PROBLEMS = {
  blocked:
    'Your browser is blocking the camera and microphone for this page. Click the camera or lock icon in the ' +
    'address bar, allow both, then press Try again.',
  missing: 'No camera or microphone was found. Connect one and press Try again, or join without them.',
  busy:
    'Your camera or microphone is being used by another app (another call or a recording app?). Close it and ' +
    'press Try again.',
  unsupported: 'This browser cannot use a camera or microphone here. You can still see and hear the others.',
  noCamera: 'No camera is available: you can join with sound only.',
};

function problemOf(error) {
  const name = (error && error.name) || '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'missing';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'busy';
  return 'missing';
}

/**
 * Shows the device check in {@code root} and resolves, when the person presses Join, with
 * {stream (or null), audioOnly, speakerId (or '')}.
 */
export function runDeviceCheck(root, { displayName }) {
  const screen = document.createElement('section');
  screen.className = 'mr-prejoin';
  screen.setAttribute('aria-labelledby', 'prejoin-title');
  screen.innerHTML =
    '<h1 id="prejoin-title">Check your camera and microphone</h1>' +
    '<p class="mr-prejoin-name"></p>' +
    '<div class="mr-preview"><video id="preview" autoplay playsinline muted></video>' +
    '  <p class="mr-preview-off" hidden>Camera off</p></div>' +
    '<label class="mr-level">Microphone <meter id="mic-level" min="0" max="1" value="0"></meter></label>' +
    '<p class="mr-problem" id="device-problem" role="alert" hidden></p>' +
    '<div class="mr-choices">' +
    '  <label>Camera <select id="camera-choice"></select></label>' +
    '  <label>Microphone <select id="microphone-choice"></select></label>' +
    '  <label hidden>Speaker <select id="speaker-choice"></select></label>' +
    '  <button type="button" id="test-sound" hidden>Play a test sound</button>' +
    '</div>' +
    '<label class="mr-audio-only"><input type="checkbox" id="audio-only-choice"> Join with sound only</label>' +
    '<div class="mr-prejoin-actions">' +
    '  <button type="button" id="retry-devices" hidden>Try again</button>' +
    '  <button type="button" class="mr-join" data-action="join" disabled>Join</button>' +
    '</div>';
  root.appendChild(screen);
  const $ = (selector) => screen.querySelector(selector);
  const ui = {
    preview: $('#preview'),
    cameraOff: $('.mr-preview-off'),
    level: $('#mic-level'),
    problem: $('#device-problem'),
    camera: $('#camera-choice'),
    microphone: $('#microphone-choice'),
    speaker: $('#speaker-choice'),
    testSound: $('#test-sound'),
    audioOnly: $('#audio-only-choice'),
    retry: $('#retry-devices'),
    join: $('[data-action="join"]'),
  };
  $('.mr-prejoin-name').textContent = displayName ? 'You join as ' + displayName + '.' : '';
  const state = { stream: null, meter: null };

  function tell(problem) {
    ui.problem.hidden = !problem;
    ui.problem.textContent = problem ? PROBLEMS[problem] : '';
    ui.retry.hidden = !problem || problem === 'noCamera' || problem === 'unsupported';
  }

  function release() {
    if (state.meter) state.meter.stop();
    state.meter = null;
    if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
    state.stream = null;
  }

  /** Opens the chosen devices (the defaults at first); falls back to the microphone alone. */
  async function open() {
    ui.join.disabled = true; // until the devices chosen now are open: Join hands over what the preview shows
    release();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      tell('unsupported');
      return show(null);
    }
    const audio = constraintsFor('audio', ui.microphone.value);
    const video = constraintsFor('video', ui.camera.value);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio, video: ui.audioOnly.checked ? false : video });
      tell(null);
      return show(stream);
    } catch (error) {
      if (problemOf(error) === 'blocked') {
        tell('blocked');
        return show(null);
      }
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ audio });
        tell(ui.audioOnly.checked ? null : problemOf(error) === 'busy' ? 'busy' : 'noCamera');
        return show(stream);
      } catch (audioError) {
        tell(problemOf(audioError));
        return show(null);
      }
    }
  }

  async function show(stream) {
    state.stream = stream;
    const hasVideo = !!stream && stream.getVideoTracks().length > 0;
    ui.preview.srcObject = hasVideo ? stream : null;
    ui.cameraOff.hidden = hasVideo;
    if (stream && stream.getAudioTracks().length > 0) state.meter = startLevelMeter(stream, ui.level);
    await showDevices(stream);
    ui.join.disabled = false;
    ui.join.textContent = stream ? 'Join' : 'Join without camera and microphone';
  }

  async function showDevices(stream) {
    const devices = await listDevices();
    fillDeviceChoice(ui.camera, devices, 'videoinput', deviceInUse(stream, 'video'));
    fillDeviceChoice(ui.microphone, devices, 'audioinput', deviceInUse(stream, 'audio'));
    fillDeviceChoice(ui.speaker, devices, 'audiooutput', ui.speaker.value);
    ui.speaker.parentElement.hidden = !canChooseSpeaker || ui.speaker.options.length < 2;
    ui.testSound.hidden = false;
  }

  ui.camera.addEventListener('change', open);
  ui.microphone.addEventListener('change', open);
  ui.audioOnly.addEventListener('change', open);
  ui.retry.addEventListener('click', open);
  ui.testSound.addEventListener('click', () => playTestSound(ui.speaker.value));
  open();

  return new Promise((resolve) => {
    ui.join.addEventListener('click', () => {
      if (state.meter) state.meter.stop();
      const choice = { stream: state.stream, audioOnly: ui.audioOnly.checked, speakerId: ui.speaker.value };
      screen.remove();
      resolve(choice);
    });
  });
}

/** A short tone through the chosen speaker, so the person knows they will hear the others. */
function playTestSound(speakerId) {
  const context = new AudioContext();
  const tone = context.createOscillator();
  const gain = context.createGain();
  const out = context.createMediaStreamDestination();
  tone.frequency.value = 660;
  gain.gain.setValueAtTime(0.2, context.currentTime);
  gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + 0.8);
  tone.connect(gain).connect(out);
  const audio = new Audio();
  audio.srcObject = out.stream;
  const play = () => audio.play().catch(() => {});
  if (speakerId && audio.setSinkId) audio.setSinkId(speakerId).then(play, play);
  else play();
  tone.start();
  tone.stop(context.currentTime + 0.8);
  tone.onended = () => context.close();
}
