/*
 * This person's own tile, in the corner of the call: their camera's picture (mirrored, as people expect of their own
 * picture; a shared screen as it is), or their initials and "Camera off" while the camera is off, and "You are muted"
 * while the microphone is. The control bar's Mute and Camera off say the same by their pressed state and icon.
 */
import { initials } from './tiles.js';

/**
 * Builds the tile (not yet in the page: insert {@code element}). Returns {element, video, setName(name),
 * show({muted, cameraOff, sharing})}.
 */
export function createSelfTile() {
  const element = document.createElement('figure');
  element.className = 'mr-self';
  element.id = 'self-tile';
  element.innerHTML =
    '<video class="mr-local" id="local-video" autoplay playsinline muted></video>' +
    '<div class="mr-avatar" aria-hidden="true"></div>' +
    '<p class="mr-self-state" id="self-state" role="status">' +
    '  <span id="muted-badge" hidden>You are muted</span>' +
    '  <span id="camera-off-badge" hidden>Camera off</span>' +
    '</p>' +
    '<figcaption>You</figcaption>';
  const video = element.querySelector('video');
  const avatar = element.querySelector('.mr-avatar');
  const mutedBadge = element.querySelector('#muted-badge');
  const cameraOffBadge = element.querySelector('#camera-off-badge');
  return {
    element,
    video,
    setName(name) {
      avatar.textContent = initials(name || 'You');
    },
    show({ muted, cameraOff, sharing }) {
      element.dataset.audio = muted ? 'off' : 'on';
      element.dataset.video = cameraOff && !sharing ? 'off' : 'on';
      mutedBadge.hidden = !muted;
      cameraOffBadge.hidden = !cameraOff || sharing;
      video.classList.toggle('mr-screen', sharing);
    },
  };
}
