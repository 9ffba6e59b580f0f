/*
 * The remote people's tiles: each person's video with their name, the initials in place of a picture while their
 * camera is off, "muted" while their microphone is, "Video paused: weak connection" when the node paused their video,
 * and a shared screen fitted whole; in a group consult (two tiles or more) the node's active speaker has a ring and a
 * "speaking" cue for screen readers, and the last person other than oneself to speak fills the top (speaker view).
 * The node hears how large each tile is ('video-size'), so it sends no simulcast layer much larger.
 */

/** What a tile shows in place of someone's picture: the first and last name's initials ("AO"), or the one's. */
export function initials(name) {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?')[0];
  return letters.toUpperCase();
}

/**
 * Tiles in {@code container}, with {@code waitingNote} shown while there are none; {@code send} sends a signaling
 * message. Returns {add(participant), attach(participantId, stream), remove(participantId), clear(),
 * devices(participantId, devices), paused(participantId, paused), speaker(participantId), playOn(speakerId),
 * acceptVideoSizes(accepts)}.
 */
export function createTiles(container, waitingNote, send, onCount = () => {}) {
  const participants = new Map(); // participant id → {tile, video, sentSize: the size last told to the node}
  const tileSizes = new ResizeObserver(() => sendVideoSizesSoon());
  let speakerId = ''; // where remote sound plays ('' for the default)
  let acceptsVideoSize = false; // whether the node takes tile sizes ('video-size', see 'joined')
  let videoSizeTimer = null;
  let tileView = false; // the person's choice: everyone the same size, even with a speaker featured

  function addParticipant(participant) {
    if (!participant || participants.has(participant.id)) return;
    const tile = document.createElement('figure');
    tile.className = 'mr-tile';
    tile.dataset.participantId = participant.id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    if (speakerId && video.setSinkId) video.setSinkId(speakerId).catch(() => {});
    const name = participant.displayName || 'Guest';
    // Shown instead of the picture while the camera is off (a black or frozen frame would look like a fault).
    const avatar = document.createElement('div');
    avatar.className = 'mr-avatar';
    avatar.setAttribute('aria-hidden', 'true');
    avatar.textContent = initials(name);
    const caption = document.createElement('figcaption');
    const label = document.createElement('span');
    label.textContent = name;
    const muted = document.createElement('span');
    muted.className = 'mr-muted';
    muted.textContent = ' (muted)';
    const speaking = document.createElement('span');
    speaking.className = 'mr-speaking';
    speaking.textContent = ' (speaking)';
    caption.append(label, muted, speaking);
    // Why the picture is missing when it is not the person's choice: the node paused it so the sound stays clear.
    const paused = document.createElement('p');
    paused.className = 'mr-paused';
    paused.textContent = 'Video paused: weak connection';
    tile.append(video, avatar, paused, caption);
    container.appendChild(tile);
    participants.set(participant.id, { tile, video, sentSize: '' });
    // The node sends no simulcast layer much larger than the tile: tell it the tile's size when it changes, and
    // again once the video plays (the node may have had nothing to apply it to before).
    tileSizes.observe(video);
    video.addEventListener('loadeddata', () => sendVideoSizesSoon(participant.id));
    showDevices(participant.id, participant);
    layout();
  }

  /** Marks a tile with the person's microphone and camera state; a field left out counts as on. */
  function showDevices(participantId, devices) {
    const entry = participants.get(participantId);
    if (!entry) return;
    entry.tile.dataset.audio = devices.audio === false ? 'off' : 'on';
    entry.tile.dataset.video = devices.video === false ? 'off' : 'on';
    entry.tile.dataset.screen = devices.screen === true ? 'on' : 'off';
  }

  /**
   * The node stopped (or restarted) sending someone's video to this page because the connection cannot carry it
   * beside the sound: their initials and a line saying why take the picture's place.
   */
  function showVideoPaused(participantId, paused) {
    const entry = participants.get(participantId);
    if (entry) entry.tile.dataset.paused = String(paused);
  }

  /**
   * Shows {@code stream} on its publisher's tile. The node names everyone before it offers their streams ('joined',
   * 'participant-joined'), so a stream of nobody known is of someone who has left since its offer was sent (an offer is
   * applied after the messages before it are handled): it gets no tile, which nothing would ever remove.
   */
  function attachRemote(participantId, stream) {
    const entry = participants.get(participantId);
    if (!entry) return;
    if (entry.video.srcObject !== stream) entry.video.srcObject = stream;
    entry.video.play().catch(() => {
      /* autoplay is retried by the browser once the page has a gesture */
    });
  }

  function removeParticipant(participantId) {
    const entry = participants.get(participantId);
    if (!entry) return;
    tileSizes.unobserve(entry.video);
    entry.video.srcObject = null;
    entry.tile.remove();
    participants.delete(participantId);
    layout();
  }

  /**
   * Marks who the node says is speaking (data-speaking), and features them. The featured tile stays until another
   * remote person speaks: when the node names this page's own participant (who has no tile), nobody is marked and the
   * last person shown large stays large.
   */
  function showSpeaker(participantId) {
    const speaker = participants.get(participantId);
    participants.forEach((entry) => {
      entry.tile.dataset.speaking = String(entry === speaker);
      if (speaker) entry.tile.dataset.featured = String(entry === speaker);
    });
    layout();
  }

  /**
   * A grid for one or two people; from three (two tiles) the featured tile fills the top (speaker view), unless the
   * person chose tile view. {@code onCount} hears the number of tiles.
   */
  function layout() {
    const featured = container.querySelector('.mr-tile[data-featured="true"]');
    container.dataset.count = String(participants.size);
    container.dataset.layout = participants.size > 1 && featured && !tileView ? 'speaker' : 'grid';
    container.style.setProperty('--others', String(Math.max(1, participants.size - 1)));
    waitingNote.hidden = participants.size > 0;
    onCount(participants.size);
  }

  /** Tells the node how many device pixels each remote tile's video covers, a moment after layout settles. */
  function sendVideoSizesSoon(forceFor) {
    if (forceFor && participants.has(forceFor)) participants.get(forceFor).sentSize = '';
    clearTimeout(videoSizeTimer);
    videoSizeTimer = setTimeout(sendVideoSizes, 300);
  }

  function sendVideoSizes() {
    if (!acceptsVideoSize) return;
    const ratio = window.devicePixelRatio || 1;
    participants.forEach((entry, participantId) => {
      const width = Math.min(16384, Math.round(entry.video.clientWidth * ratio));
      const height = Math.min(16384, Math.round(entry.video.clientHeight * ratio));
      const size = width + 'x' + height;
      if (size === entry.sentSize) return;
      entry.sentSize = size;
      send({ type: 'video-size', participantId, width, height });
    });
  }

  /** Plays everyone's sound on speaker {@code deviceId}, and a newcomer's (where the browser lets a page choose). */
  function playOn(deviceId) {
    speakerId = deviceId;
    participants.forEach((entry) => {
      if (entry.video.setSinkId) entry.video.setSinkId(deviceId).catch(() => {});
    });
  }

  return {
    add: addParticipant,
    attach: attachRemote,
    remove: removeParticipant,
    clear: () => Array.from(participants.keys()).forEach(removeParticipant),
    devices: showDevices,
    paused: showVideoPaused,
    speaker: showSpeaker,
    playOn,
    /** Tile view (true: everyone the same size) or speaker view (false, the default). */
    setTileView(on) {
      tileView = on;
      layout();
    },
    acceptVideoSizes(accepts) {
      acceptsVideoSize = accepts;
    },
  };
}
