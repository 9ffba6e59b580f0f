/*
 * This page's own camera and microphone as the call sends them: the video sender's simulcast layers, and switching
 * to another camera or microphone during the call. A switch hands the sender the new device's track with
 * RTCRtpSender.replaceTrack, so nothing is renegotiated: the node keeps receiving on the same m-section and SSRCs,
 * and the simulcast layers stay as they were, fitted again to the new camera's picture.
 */
import { constraintsFor } from './devices.js';

/** Bitrate caps of the simulcast layers, lowest first (180p, 360p, 720p from a 720p camera). */
const SIMULCAST_MAX_BITRATES = [150000, 500000, 1500000];

/**
 * The video sender's simulcast layers (the node's offer asks for them lowest first): each a quarter, half and all
 * of the capture, with a bitrate cap, and only those of at least 90 lines; a shared screen ({@code sharing}) goes as
 * the top layer alone, at full resolution and a low frame rate. Nothing to do without simulcast (the node's
 * adaptation is off).
 */
export async function setVideoEncodings(sender, sharing) {
  const parameters = sender.getParameters();
  const encodings = parameters.encodings || [];
  if (encodings.length < 2) return;
  const settings = sender.track ? sender.track.getSettings() : {};
  const height = settings.height || 720;
  const top = encodings.length - 1;
  encodings.forEach((encoding, i) => {
    const scale = 2 ** (top - i);
    encoding.scaleResolutionDownBy = sharing ? 1 : scale;
    encoding.maxBitrate = SIMULCAST_MAX_BITRATES[Math.max(0, SIMULCAST_MAX_BITRATES.length - 1 - (top - i))];
    encoding.maxFramerate = sharing ? 5 : 30;
    encoding.active = sharing ? i === top : i === top || height / scale >= 90;
  });
  await sender.setParameters(parameters).catch(() => {
    /* a sender being replaced by renegotiation keeps its previous layers */
  });
}

/**
 * Opens device {@code deviceId} of {@code kind} ('audio' or 'video') in place of {@code stream}'s track of that kind:
 * the new track keeps the old one's on/off state, takes its place in {@code stream} and, when {@code sender} is
 * given, on the sender. The old track stops. A device that cannot be opened while the old one runs (a phone opens
 * one camera at a time) is tried again once the old one stopped. Resolves with the new track.
 */
export async function switchDevice(stream, kind, deviceId, sender) {
  const old = stream.getTracks().find((t) => t.kind === kind) || null;
  let track;
  try {
    track = await openTrack(kind, deviceId);
  } catch (error) {
    if (!old || (error && error.name !== 'NotReadableError' && error.name !== 'AbortError')) throw error;
    old.stop();
    track = await openTrack(kind, deviceId);
  }
  if (old) track.enabled = old.enabled;
  if (sender) await sender.replaceTrack(track);
  if (old) {
    stream.removeTrack(old);
    old.stop();
  }
  stream.addTrack(track);
  return track;
}

async function openTrack(kind, deviceId) {
  const opened = await navigator.mediaDevices.getUserMedia({ [kind]: constraintsFor(kind, deviceId) });
  return opened.getTracks()[0];
}
