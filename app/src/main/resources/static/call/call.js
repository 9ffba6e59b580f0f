/*
 * MediRelay browser call client.
 *
 * Page contract (what app/src/main/resources/templates/join.html renders): <body data-call-state="idle" data-session-id data-signaling-url
 * data-display-name data-role data-join-token>, a <script type="application/json" id="ice-servers"> with the ICE
 * servers; without data-join-token, the join token in the page URL (?token=…) is used.
 *
 * Signaling protocol with the media node (WebSocket at data-signaling-url): media-node/README.md, "Signaling protocol".
 * A tile shows the person's initials instead of a black picture while their camera is off, and "muted" while their
 * microphone is; a tile showing a shared screen fits it whole instead of filling (and cropping) the tile. In a group
 * consult (two tiles or more) the node's active speaker has a ring and a "speaking" cue for screen readers, and the
 * last person other than oneself to speak fills the top of the call (speaker view).
 *
 * Signaling protocol with the media node (WebSocket at data-signaling-url): media-node/README.md, "Signaling protocol".
 * to connecting ("Reconnecting…") and rejoins by itself; a refusal (4xxx) or a leave ends the call.
 */
(function () {
  'use strict';

  const body = document.body;
  const config = {
    sessionId: body.dataset.sessionId || '',
    signalingUrl: body.dataset.signalingUrl || '',
    displayName: body.dataset.displayName || '',
    role: body.dataset.role || 'participant',
    // The page's token is the link's, re-issued by the app if the session has moved to another media node since.
    token: body.dataset.joinToken || new URLSearchParams(location.search).get('token') || '',
    iceServers: readIceServers(),
  };

  /** Bitrate caps of the simulcast layers, lowest first (180p, 360p, 720p from a 720p camera). */
  const SIMULCAST_MAX_BITRATES = [150000, 500000, 1500000];

  const ui = buildUi();
  const participants = new Map(); // participant id → {tile, video, sentSize: the size last told to the node}
  const tileSizes = new ResizeObserver(() => sendVideoSizesSoon());
  const call = {
    pc: null,
    ws: null,
    localStream: null,
    state: 'idle',
    leaving: false,
    offerChain: Promise.resolve(),
    startedAt: 0, // when media first flowed, for the call timer
    meterTimer: null,
    lastCounts: null,
    attempt: 0, // reconnection attempts since the media last flowed
    retry: null,
    disconnectedTimer: null,
    nodeShowsDevices: false, // whether the node relays microphone and camera state (see 'joined')
    nodeAcceptsVideoSize: false, // whether the node takes tile sizes ('video-size', see 'joined')
    videoSizeTimer: null,
    videoSender: null, // the RTCRtpSender of our video m-section, while it sends
    screenTrack: null, // the shared screen, sent instead of the camera
    endArmed: null, // the timer of a first "End for all" click, waiting for the second
  };
  window.mediRelayCall = call; // for diagnostics and tests (getStats)

  setState('idle', 'Getting your camera and microphone…');
  start();

  function readIceServers() {
    const script = document.getElementById('ice-servers');
    if (!script) return [];
    try {
      const servers = JSON.parse(script.textContent || '[]');
      return Array.isArray(servers) ? servers : [];
    } catch (e) {
      return [];
    }
  }

  function buildUi() {
    const root = document.getElementById('call') || document.body.appendChild(document.createElement('main'));
    root.classList.add('mr-call');
    root.innerHTML =
      '<div class="mr-remotes" id="remote-videos" data-count="0">' +
      '  <p class="mr-waiting" id="waiting">Waiting for the others to join…</p>' +
      '</div>' +
      '<video class="mr-local" id="local-video" autoplay playsinline muted></video>' +
      '<p class="mr-status" id="call-status" role="status" aria-live="polite"></p>' +
      '<p class="mr-meter" id="call-meter" hidden>' +
      '  <span id="call-timer" aria-label="Call duration">0:00</span>' +
      '  <span id="call-quality" data-quality="unknown">Connection: measuring…</span>' +
      '</p>' +
      '<div class="mr-controls" role="toolbar" aria-label="Call controls">' +
      '  <button type="button" id="toggle-audio" aria-pressed="false">Mute</button>' +
      '  <button type="button" id="toggle-video" aria-pressed="false">Camera off</button>' +
      '  <button type="button" id="toggle-screen" aria-pressed="false" hidden>Share screen</button>' +
      '  <button type="button" id="toggle-audio-only" aria-pressed="false" hidden>Audio only</button>' +
      '  <button type="button" id="toggle-chat" aria-pressed="false" aria-controls="chat">Chat</button>' +
      '  <button type="button" id="toggle-fullscreen" aria-pressed="false">Full screen</button>' +
      '  <button type="button" id="leave" class="mr-leave">Leave</button>' +
      '  <button type="button" id="end-for-all" class="mr-end" hidden>End for all</button>' +
      '</div>' +
      '<aside class="mr-chat" id="chat" hidden aria-label="Chat">' +
      '  <ol id="chat-messages" aria-live="polite"></ol>' +
      '  <form id="chat-form" autocomplete="off">' +
      '    <input id="chat-input" maxlength="2000" placeholder="Write a message" aria-label="Message">' +
      '    <button type="submit">Send</button>' +
      '  </form>' +
      '  <p class="mr-chat-note">Messages are seen by everyone in the call and are not kept after it.</p>' +
      '</aside>';
    const elements = {
      remotes: root.querySelector('#remote-videos'),
      waiting: root.querySelector('#waiting'),
      local: root.querySelector('#local-video'),
      status: root.querySelector('#call-status'),
      audio: root.querySelector('#toggle-audio'),
      video: root.querySelector('#toggle-video'),
      leave: root.querySelector('#leave'),
      endForAll: root.querySelector('#end-for-all'),
      chatToggle: root.querySelector('#toggle-chat'),
      fullscreen: root.querySelector('#toggle-fullscreen'),
      screen: root.querySelector('#toggle-screen'),
      audioOnly: root.querySelector('#toggle-audio-only'),
      chat: root.querySelector('#chat'),
      chatMessages: root.querySelector('#chat-messages'),
      chatForm: root.querySelector('#chat-form'),
      chatInput: root.querySelector('#chat-input'),
      meter: root.querySelector('#call-meter'),
      timer: root.querySelector('#call-timer'),
      quality: root.querySelector('#call-quality'),
    };
    elements.audio.addEventListener('click', () => toggle('audio'));
    elements.video.addEventListener('click', () => toggle('video'));
    elements.audioOnly.addEventListener('click', () => setAudioOnly(!call.audioOnly));
    elements.leave.addEventListener('click', leave);
    elements.endForAll.addEventListener('click', endForAll);
    elements.chatToggle.addEventListener('click', () => showChat(elements.chat.hidden));
    elements.screen.addEventListener('click', () => (call.screenTrack ? stopSharing() : shareScreen()));
    // The whole call goes full screen, controls included, so Leave and Mute stay in reach.
    elements.fullscreen.hidden = !document.fullscreenEnabled;
    elements.fullscreen.addEventListener('click', () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen().catch(() => {});
    });
    document.addEventListener('fullscreenchange', () => {
      const on = !!document.fullscreenElement;
      elements.fullscreen.textContent = on ? 'Exit full screen' : 'Full screen';
      elements.fullscreen.setAttribute('aria-pressed', String(on));
    });
    elements.chatForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = elements.chatInput.value.trim();
      if (!text || !call.ws || call.ws.readyState !== WebSocket.OPEN) return;
      send({ type: 'chat', text });
      elements.chatInput.value = '';
    });
    return elements;
  }

  function setState(state, message, isError) {
    call.state = state;
    body.dataset.callState = state;
    if (state === 'active' && !call.startedAt) startMeter();
    if (state === 'ended' || state === 'error') stopMeter();
    if (message !== undefined) {
      ui.status.textContent = message;
      ui.status.setAttribute('role', isError ? 'alert' : 'status');
      ui.status.classList.toggle('mr-error', !!isError);
    }
  }

  function fail(message) {
    if (call.state === 'ended' || call.state === 'error') return;
    setState('error', message, true);
    teardown();
  }

  async function start() {
    if (!config.signalingUrl || !config.sessionId) {
      fail('This page is missing its call details. Open the link from your appointment again.');
      return;
    }
    if (!config.token) {
      fail('No join token was given. Open the link from your appointment again.');
      return;
    }
    call.localStream = await getLocalMedia();
    if (call.localStream) ui.local.srcObject = call.localStream;
    updateButtons();
    setState('connecting', 'Connecting to the call…');
    connect();
  }

  /** Camera and microphone; falls back to the microphone alone, then to receiving only. */
  async function getLocalMedia() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return null;
    try {
      // Ideal, not exact: a camera that cannot do 720p at 30 fps gives what it can.
      const video = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
      return await navigator.mediaDevices.getUserMedia({ audio: true, video });
    } catch (e) {
      try {
        return await navigator.mediaDevices.getUserMedia({ audio: true });
      } catch (e2) {
        ui.status.textContent = 'Your camera and microphone are blocked; you can still see and hear the others.';
        return null;
      }
    }
  }

  /**
   * A lost connection (network change, media node restart) is retried a few times with growing pauses. Each attempt
   * first reloads this page's call details from the app, so a session that moved to another media node is followed
   * there, TURN credentials are fresh, and a link that stopped working ends the call with the app's reason.
   */
  const RECONNECT_DELAYS_MS = [1000, 2000, 4000, 8000, 8000];
  /** How long "End for all" waits for its confirming second click. */
  const END_CONFIRM_MS = 4000;
  /** How long the media path may stay 'disconnected' before the call counts as lost. */
  const DISCONNECTED_GRACE_MS = 8000;

  function lost(message) {
    if (call.state === 'ended' || call.state === 'error') return;
    if (call.attempt >= RECONNECT_DELAYS_MS.length) {
      fail(message);
      return;
    }
    const delay = RECONNECT_DELAYS_MS[call.attempt++];
    setState('connecting', 'Connection lost. Reconnecting…');
    closeConnection();
    call.retry = setTimeout(() => reconnect().catch(() => lost(message)), delay);
  }

  async function reconnect() {
    const response = await fetch(location.href, { cache: 'no-store', credentials: 'omit' });
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    if (!response.ok) {
      const reason = page.getElementById('reason');
      if (response.status === 401 || response.status === 404 || response.status === 410) {
        fail(reason ? reason.textContent : 'This consultation link can no longer be used.');
        return;
      }
      throw new Error('HTTP ' + response.status);
    }
    const fresh = page.body.dataset;
    config.signalingUrl = fresh.signalingUrl || config.signalingUrl;
    config.token = fresh.joinToken || config.token;
    const ice = page.getElementById('ice-servers');
    if (ice) {
      try {
        config.iceServers = JSON.parse(ice.textContent || '[]');
      } catch (e) {
        /* keep the servers we had */
      }
    }
    if (call.state === 'connecting') connect();
  }

  /**
   * The call's duration (from when media first flowed; reconnections do not restart it) and how the connection is
   * doing, judged from the last few seconds of the browser's own statistics: round-trip time to the media node and
   * the share of incoming packets lost.
   */
  const METER_INTERVAL_MS = 2000;

  function startMeter() {
    call.startedAt = Date.now();
    ui.meter.hidden = false;
    call.meterTimer = setInterval(updateMeter, METER_INTERVAL_MS);
    updateMeter();
  }

  function stopMeter() {
    clearInterval(call.meterTimer);
  }

  async function updateMeter() {
    const seconds = Math.floor((Date.now() - call.startedAt) / 1000);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const sec = String(seconds % 60).padStart(2, '0');
    ui.timer.textContent = h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + sec : m + ':' + sec;
    const pc = call.pc;
    if (!pc || call.state !== 'active') return;
    let rtt = null;
    let received = 0;
    let missing = 0; // packets lost on the way in (named apart from lost(), the connection handler)
    (await pc.getStats()).forEach((report) => {
      if (report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') {
        rtt = report.currentRoundTripTime;
      } else if (report.type === 'inbound-rtp') {
        received += report.packetsReceived || 0;
        missing += Math.max(0, report.packetsLost || 0);
      }
    });
    const last = call.lastCounts || { received: 0, lost: 0 };
    call.lastCounts = { received, lost: missing };
    const newLost = Math.max(0, missing - last.lost);
    const newTotal = Math.max(0, received - last.received) + newLost;
    const loss = newTotal > 0 ? newLost / newTotal : 0;
    const quality =
      rtt === null ? 'unknown' : rtt > 0.4 || loss > 0.08 ? 'poor' : rtt > 0.2 || loss > 0.02 ? 'fair' : 'good';
    const words = { good: 'Good', fair: 'Fair', poor: 'Poor', unknown: 'measuring…' };
    ui.quality.dataset.quality = quality;
    ui.quality.textContent = 'Connection: ' + words[quality];
    ui.quality.title =
      rtt === null
        ? ''
        : 'Round trip ' + Math.round(rtt * 1000) + ' ms, ' + (loss * 100).toFixed(1) + ' % of packets lost';
  }

  /** Drops the current connection (not the camera): its late events are ignored, remote tiles are cleared. */
  function closeConnection() {
    const ws = call.ws;
    const pc = call.pc;
    call.ws = null;
    call.pc = null;
    call.videoSender = null; // the next connection's answer finds its own (and keeps sending a shared screen)
    clearTimeout(call.disconnectedTimer);
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000);
    if (pc) pc.close();
    call.offerChain = Promise.resolve();
    Array.from(participants.keys()).forEach(removeParticipant);
  }

  function connect() {
    const pc = new RTCPeerConnection({
      iceServers: config.iceServers,
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    });
    call.pc = pc;
    pc.onicecandidate = (event) => {
      if (call.pc !== pc) return;
      if (event.candidate && event.candidate.candidate) {
        send({ type: 'candidate', candidate: event.candidate.candidate });
      }
    };
    pc.ontrack = (event) => {
      if (call.pc !== pc) return;
      const stream = event.streams[0];
      if (stream) attachRemote(stream.id, stream);
    };
    pc.onconnectionstatechange = () => {
      if (call.pc !== pc) return;
      clearTimeout(call.disconnectedTimer);
      if (pc.connectionState === 'connected') {
        call.attempt = 0;
        setState('active', '');
      } else if (pc.connectionState === 'failed') {
        lost('The media connection failed. Check your network and open the link again.');
      } else if (pc.connectionState === 'disconnected') {
        call.disconnectedTimer = setTimeout(() => {
          if (call.pc === pc && pc.connectionState !== 'connected') {
            lost('The media connection was lost. Check your network and open the link again.');
          }
        }, DISCONNECTED_GRACE_MS);
      }
    };

    const ws = new WebSocket(config.signalingUrl);
    call.ws = ws;
    ws.onopen = () => send({ type: 'join', sessionId: config.sessionId, token: config.token });
    ws.onmessage = (event) => {
      if (call.ws !== ws) return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      onMessage(message);
    };
    ws.onclose = (event) => {
      if (call.leaving || call.ws !== ws) return;
      if (event.code >= 4000 && event.code < 5000) {
        fail(event.reason || 'The media server ended the connection.');
      } else if (event.code === 1000) {
        setState('ended', event.reason || 'The call has ended.');
        teardown();
      } else {
        lost('The connection to the media server was lost.');
      }
    };
  }

  function onMessage(message) {
    switch (message.type) {
      case 'joined':
        (message.participants || []).forEach(addParticipant);
        // A node from before devices messages (not yet upgraded by its operator) would refuse them as unknown.
        call.nodeShowsDevices = !!message.self && 'audio' in message.self;
        call.nodeAcceptsVideoSize = message.acceptsVideoSize === true;
        ui.audioOnly.hidden = message.acceptsAudioOnly !== true;
        if (call.audioOnly) send({ type: 'audio-only', enabled: true });
        ui.endForAll.hidden = !message.mayEndForAll;
        sendDevices();
        break;
      case 'offer': {
        // Offers are answered strictly one after another, each on the connection it came for.
        const pc = call.pc;
        call.offerChain = call.offerChain
          .then(() => answer(pc, message))
          .catch((e) => {
            if (call.pc === pc) fail('Media negotiation failed: ' + (e && e.message ? e.message : e));
          });
        break;
      }
      case 'chat':
        addChat(message);
        break;
      case 'chat-refused':
        addChat({ from: { displayName: 'MediRelay' }, text: message.reason || 'Message not sent.' });
        break;
      case 'participant-joined':
        addParticipant(message.participant);
        break;
      case 'participant-left':
        removeParticipant(message.participantId);
        break;
      case 'participant-devices':
        showDevices(message.participantId, message);
        break;
      case 'video-paused':
        showVideoPaused(message.participantId, message.paused === true);
        break;
      case 'active-speaker':
        showSpeaker(message.participantId);
        break;
      default:
        break;
    }
  }

  async function answer(pc, offer) {
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    const uplink = offer.uplink || {};
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.mid === uplink.audio ? 'audio' : transceiver.mid === uplink.video ? 'video' : null;
      if (!kind) continue;
      const camera = localTrack(kind);
      // A shared screen stays shared across renegotiations (someone joining or leaving).
      const track = kind === 'video' && camera && call.screenTrack ? call.screenTrack : camera;
      if (track) {
        transceiver.direction = 'sendonly';
        if (transceiver.sender.track !== track) {
          await transceiver.sender.replaceTrack(track);
          transceiver.sender.setStreams(call.localStream);
        }
        if (kind === 'video') call.videoSender = transceiver.sender;
      } else {
        transceiver.direction = 'inactive';
      }
    }
    updateButtons();
    const description = await pc.createAnswer();
    await pc.setLocalDescription(description);
    if (call.pc !== pc) return;
    send({ type: 'answer', version: offer.version, sdp: pc.localDescription.sdp });
    if (call.videoSender) await setVideoEncodings(call.videoSender);
  }

  function showChat(visible) {
    ui.chat.hidden = !visible;
    ui.chatToggle.setAttribute('aria-pressed', String(visible));
    ui.chatToggle.textContent = 'Chat';
    if (visible) ui.chatInput.focus();
  }

  /** Chat text is shown with textContent only: what others type is never markup here. */
  function addChat(message) {
    const item = document.createElement('li');
    const who = document.createElement('strong');
    who.textContent = ((message.from && message.from.displayName) || 'Someone') + ': ';
    const text = document.createElement('span');
    text.textContent = message.text || '';
    item.append(who, text);
    if (message.at) item.title = new Date(message.at).toLocaleTimeString();
    ui.chatMessages.appendChild(item);
    ui.chatMessages.scrollTop = ui.chatMessages.scrollHeight;
    if (ui.chat.hidden) ui.chatToggle.textContent = 'Chat •';
  }

  function addParticipant(participant) {
    if (!participant || participants.has(participant.id)) return;
    const tile = document.createElement('figure');
    tile.className = 'mr-tile';
    tile.dataset.participantId = participant.id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
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
    ui.remotes.appendChild(tile);
    participants.set(participant.id, { tile, video, sentSize: '' });
    // The node sends no simulcast layer much larger than the tile: tell it the tile's size when it changes, and
    // again once the video plays (the node may have had nothing to apply it to before).
    tileSizes.observe(video);
    video.addEventListener('loadeddata', () => sendVideoSizesSoon(participant.id));
    showDevices(participant.id, participant);
    layout();
  }

  function initials(name) {
    const words = name.trim().split(/\s+/).filter(Boolean);
    const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] || '?')[0];
    return letters.toUpperCase();
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
   * Audio only, by hand: the node sends this page no video and the camera stops, for a link that struggles or a
   * person who prefers it. Turning it off leaves the camera as it is, for the person to switch on.
   */
  function setAudioOnly(on) {
    call.audioOnly = on;
    send({ type: 'audio-only', enabled: on });
    const camera = localTrack('video');
    if (on && camera && camera.enabled) toggle('video');
    ui.remotes.dataset.audioOnly = String(on);
    ui.audioOnly.setAttribute('aria-pressed', String(on));
    ui.audioOnly.textContent = on ? 'Video on' : 'Audio only';
  }

  /** Tells the others whether this page's microphone and camera are on, and whether it shares its screen. */
  function sendDevices() {
    if (!call.nodeShowsDevices) return;
    const audio = localTrack('audio');
    const video = localTrack('video');
    const screen = !!call.screenTrack;
    send({ type: 'devices', audio: !!audio && audio.enabled, video: screen || (!!video && video.enabled), screen });
  }

  /**
   * Sends a screen (or window, or tab) in place of the camera, on the same m-section: no renegotiation, and the node
   * forwards it like the camera. Needs a camera track, since the node negotiated the video m-section from it.
   */
  async function shareScreen() {
    if (!call.videoSender || call.screenTrack) return;
    let screen;
    try {
      screen = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
    } catch (e) {
      return; // the person chose nothing
    }
    const track = screen.getVideoTracks()[0];
    if (!track || !call.videoSender) {
      screen.getTracks().forEach((t) => t.stop());
      return;
    }
    track.contentHint = 'detail'; // text on a shared document stays legible: keep resolution, lower the frame rate
    track.addEventListener('ended', stopSharing); // the browser's own "Stop sharing"
    call.screenTrack = track;
    await call.videoSender.replaceTrack(track);
    await setVideoEncodings(call.videoSender);
    ui.local.srcObject = new MediaStream([track]);
    updateButtons();
    sendDevices();
  }

  async function stopSharing() {
    const track = call.screenTrack;
    if (!track) return;
    call.screenTrack = null;
    track.stop();
    if (call.videoSender) {
      await call.videoSender.replaceTrack(localTrack('video')).catch(() => {});
      await setVideoEncodings(call.videoSender);
    }
    ui.local.srcObject = call.localStream;
    updateButtons();
    sendDevices();
  }

  function attachRemote(participantId, stream) {
    if (!participants.has(participantId)) addParticipant({ id: participantId, displayName: '' });
    const entry = participants.get(participantId);
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

  /** A grid for one or two people; from three (two tiles) the featured tile fills the top: speaker view. */
  function layout() {
    const featured = ui.remotes.querySelector('.mr-tile[data-featured="true"]');
    ui.remotes.dataset.count = String(participants.size);
    ui.remotes.dataset.layout = participants.size > 1 && featured ? 'speaker' : 'grid';
    ui.remotes.style.setProperty('--others', String(Math.max(1, participants.size - 1)));
    ui.waiting.hidden = participants.size > 0;
  }

  /**
   * The video sender's simulcast layers (the node's offer asks for them lowest first): each a quarter, half and all
   * of the capture, with a bitrate cap, and only those of at least 90 lines; a shared screen goes as the top layer
   * alone, at full resolution and a low frame rate. Nothing to do without simulcast (the node's adaptation is off).
   */
  async function setVideoEncodings(sender) {
    const parameters = sender.getParameters();
    const encodings = parameters.encodings || [];
    if (encodings.length < 2) return;
    const sharing = !!call.screenTrack;
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

  /** Tells the node how many device pixels each remote tile's video covers, a moment after layout settles. */
  function sendVideoSizesSoon(forceFor) {
    if (forceFor && participants.has(forceFor)) participants.get(forceFor).sentSize = '';
    clearTimeout(call.videoSizeTimer);
    call.videoSizeTimer = setTimeout(sendVideoSizes, 300);
  }

  function sendVideoSizes() {
    if (!call.nodeAcceptsVideoSize) return;
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

  function toggle(kind) {
    if (!call.localStream) return;
    const tracks = kind === 'audio' ? call.localStream.getAudioTracks() : call.localStream.getVideoTracks();
    if (tracks.length === 0) return;
    const enabled = !tracks[0].enabled;
    tracks.forEach((t) => (t.enabled = enabled));
    updateButtons();
    sendDevices();
  }

  /** This page's own microphone ('audio') or camera ('video') track, or null. */
  function localTrack(kind) {
    return (call.localStream && call.localStream.getTracks().find((t) => t.kind === kind)) || null;
  }

  function updateButtons() {
    const audio = localTrack('audio');
    const video = localTrack('video');
    ui.audio.disabled = !audio;
    ui.video.disabled = !video;
    ui.audio.textContent = audio && !audio.enabled ? 'Unmute' : 'Mute';
    ui.audio.setAttribute('aria-pressed', String(!!audio && !audio.enabled));
    ui.video.textContent = video && !video.enabled ? 'Camera on' : 'Camera off';
    ui.video.setAttribute('aria-pressed', String(!!video && !video.enabled));
    const sharing = !!call.screenTrack;
    ui.local.hidden = !sharing && (!video || !video.enabled);
    ui.local.classList.toggle('mr-screen', sharing);
    ui.screen.hidden = !navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia || !call.videoSender;
    ui.screen.textContent = sharing ? 'Stop sharing' : 'Share screen';
    ui.screen.setAttribute('aria-pressed', String(sharing));
  }

  function send(message) {
    if (call.ws && call.ws.readyState === WebSocket.OPEN) call.ws.send(JSON.stringify(message));
  }

  /** Ends the call for everyone (hosts only); a second click within a few seconds confirms, so a slip ends nothing. */
  function endForAll() {
    if (!call.endArmed) {
      call.endArmed = setTimeout(() => {
        call.endArmed = null;
        ui.endForAll.textContent = 'End for all';
      }, END_CONFIRM_MS);
      ui.endForAll.textContent = 'Click again to end';
      return;
    }
    clearTimeout(call.endArmed);
    call.endArmed = null;
    send({ type: 'end' }); // the node closes every connection, this one too, with the reason to show
  }

  function leave() {
    if (call.state === 'ended') return;
    call.leaving = true;
    send({ type: 'leave' });
    setState('ended', 'You left the call.');
    teardown();
  }

  function teardown() {
    call.leaving = true;
    clearTimeout(call.retry);
    clearTimeout(call.disconnectedTimer);
    if (call.ws && call.ws.readyState <= WebSocket.OPEN) call.ws.close(1000);
    if (call.pc) call.pc.close();
    if (call.localStream) call.localStream.getTracks().forEach((t) => t.stop());
    if (call.screenTrack) call.screenTrack.stop();
    ui.audio.disabled = true;
    ui.video.disabled = true;
    ui.screen.disabled = true;
    ui.leave.disabled = true;
    ui.endForAll.disabled = true;
    Array.from(participants.keys()).forEach(removeParticipant);
    ui.waiting.hidden = true;
  }
})();
