/*
 * The devices menu during the call: camera, microphone and speaker, as the device check before joining offered
 * them (device-check.js), changed without leaving the call. The camera and microphone are switched by the call
 * (local-media.js: replaceTrack, no renegotiation); the speaker is where remote sound plays (setSinkId, where the
 * browser has it; elsewhere its choice is not offered).
 *
 * Contract: the menu is <section class="mr-devices-menu" id="devices-menu">, its choices #call-camera-choice,
 * #call-microphone-choice and #call-speaker-choice.
 */
import { canChooseSpeaker, deviceInUse, fillDeviceChoice, listDevices } from './devices.js';

/**
 * Builds the (hidden) menu in {@code root}. {@code choose(kind, deviceId)} switches the call's 'audio' or 'video'
 * device and resolves when it is in use; {@code chooseSpeaker(deviceId)} moves remote sound to that speaker.
 * Returns {show(visible, stream, speakerId): opens (listing the devices in use) or closes it, hidden()}.
 */
export function createDevicesMenu(root, { choose, chooseSpeaker }) {
  const menu = document.createElement('section');
  menu.className = 'mr-devices-menu';
  menu.id = 'devices-menu';
  menu.hidden = true;
  menu.setAttribute('aria-labelledby', 'devices-menu-title');
  menu.innerHTML =
    '<h2 id="devices-menu-title">Devices</h2>' +
    '<label>Camera <select id="call-camera-choice"></select></label>' +
    '<label>Microphone <select id="call-microphone-choice"></select></label>' +
    '<label>Speaker <select id="call-speaker-choice"></select></label>' +
    '<p class="mr-devices-note" role="status" aria-live="polite"></p>';
  root.appendChild(menu);
  const camera = menu.querySelector('#call-camera-choice');
  const microphone = menu.querySelector('#call-microphone-choice');
  const speaker = menu.querySelector('#call-speaker-choice');
  const note = menu.querySelector('.mr-devices-note');
  let current = { stream: null, speakerId: '' };

  async function switched(select, kind, label) {
    select.disabled = true;
    note.textContent = 'Switching the ' + label + '…';
    try {
      await choose(kind, select.value);
      note.textContent = 'Now using ' + select.selectedOptions[0].textContent + '.';
    } catch (error) {
      note.textContent = 'The ' + label + ' could not be switched: ' + ((error && error.message) || error) + '.';
    }
    await refresh(current.stream, current.speakerId);
  }

  camera.addEventListener('change', () => switched(camera, 'video', 'camera'));
  microphone.addEventListener('change', () => switched(microphone, 'audio', 'microphone'));
  speaker.addEventListener('change', () => {
    current.speakerId = speaker.value;
    chooseSpeaker(speaker.value);
    note.textContent = 'Sound now plays on ' + speaker.selectedOptions[0].textContent + '.';
  });

  /** Lists the devices again, marking those in use: {@code stream}'s, and the speaker {@code speakerId}. */
  async function refresh(stream, speakerId) {
    current = { stream, speakerId };
    const devices = await listDevices();
    fillDeviceChoice(camera, devices, 'videoinput', deviceInUse(stream, 'video'));
    fillDeviceChoice(microphone, devices, 'audioinput', deviceInUse(stream, 'audio'));
    fillDeviceChoice(speaker, devices, 'audiooutput', speakerId);
    // Only what the call sends can be switched: joined without a camera, there is no camera to change.
    camera.parentElement.hidden = !deviceInUse(stream, 'video');
    microphone.parentElement.hidden = !deviceInUse(stream, 'audio');
    speaker.parentElement.hidden = !canChooseSpeaker || speaker.options.length === 0;
  }

  // The person plugged in or removed a device: the lists follow.
  if (navigator.mediaDevices && navigator.mediaDevices.addEventListener) {
    navigator.mediaDevices.addEventListener('devicechange', () => {
      if (!menu.hidden) refresh(current.stream, current.speakerId);
    });
  }

  return {
    async show(visible, stream, speakerId) {
      if (visible) await refresh(stream, speakerId);
      menu.hidden = !visible;
      if (visible) (menu.querySelector('label:not([hidden]) select:not(:disabled)') || menu).focus();
    },
    hidden: () => menu.hidden,
  };
}
