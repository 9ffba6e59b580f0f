/*
 * Cameras, microphones and speakers as both device screens use them: the device check before joining
 * (device-check.js) and the devices menu during the call (devices-menu.js).
 */

/** Ideal, not exact: a camera that cannot do 720p at 30 fps gives what it can. */
export const CAMERA = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };

/** Whether this browser lets a page choose where its sound plays (setSinkId). */
export const canChooseSpeaker = 'setSinkId' in HTMLMediaElement.prototype;

/** getUserMedia constraints for one device of {@code kind} ('audio' or 'video'), the default when id is ''. */
export function constraintsFor(kind, deviceId) {
  if (kind === 'video') return deviceId ? { ...CAMERA, deviceId: { exact: deviceId } } : CAMERA;
  return deviceId ? { deviceId: { exact: deviceId } } : true;
}

/**
 * Fills {@code select} with the devices of {@code kind} ('videoinput', 'audioinput', 'audiooutput'), choosing
 * {@code chosen} when it is among them; a list of one cannot be changed. Device names are only readable once the
 * person allowed access: before that they are numbered.
 */
export function fillDeviceChoice(select, devices, kind, chosen) {
  const options = devices.filter((d) => d.kind === kind && d.deviceId);
  select.replaceChildren(
    ...options.map((d, i) => {
      const option = document.createElement('option');
      option.value = d.deviceId;
      option.textContent = d.label || (kind === 'audiooutput' ? 'Speaker ' : 'Device ') + (i + 1);
      return option;
    }),
  );
  if (chosen && options.some((d) => d.deviceId === chosen)) select.value = chosen;
  select.disabled = options.length < 2;
}

/** The browser's devices, or none where it cannot list them. */
export async function listDevices() {
  return navigator.mediaDevices && navigator.mediaDevices.enumerateDevices
    ? navigator.mediaDevices.enumerateDevices()
    : [];
}

/** The id of the device behind {@code stream}'s track of {@code kind} ('audio' or 'video'), or ''. */
export function deviceInUse(stream, kind) {
  const track = stream && stream.getTracks().find((t) => t.kind === kind);
  return track ? track.getSettings().deviceId || '' : '';
}
