/*
 * MediRelay browser call client.
 *
 * Page contract (what app/src/main/resources/templates/join.html renders): <body data-call-state="idle" data-session-id data-signaling-url
 * data-media-node data-display-name data-role data-join-token data-dashboard-url>, a <script type="application/json"
 * id="ice-servers"> with the ICE servers; without data-join-token, the join token in the page URL (?token=…) is used;
 * data-dashboard-url (the appointment's doctor and patient only) is where the ended screen leads back to.
 *
 * Signaling protocol with the media node (WebSocket at data-signaling-url): media-node/README.md, "Signaling protocol".
 * Each remote person has a tile (tiles.js): their initials instead of a black picture while their camera is off,
 * "muted" while their microphone is, a shared screen whole, and in a group consult the active speaker featured (or,
 * with Tile view, a choice the browser keeps, everyone the same size); one's own tile (self-tile.js) says "You are
 * muted" and "Camera off" in the same way.
 *
 * Before joining, the device check (device-check.js) shows the camera and the microphone's level and lets the person
 * choose devices; someone without the admit grant then waits until a host lets them in (waiting-room.js). The page's
 * state is <body data-call-state>: prejoin, waiting, connecting, active, ended or error. In the call, People opens
 * the participants panel (participants-panel.js, with a host's Mute, Ask to unmute and Remove; what the other
 * person sees of them: host-requests.js), and Devices switches camera, microphone and speaker (devices-menu.js,
 * local-media.js). The meter (call-meter.js) shows how long the call has run and how the connection is doing.
 *
 * A lost connection turns the page to connecting ("Reconnecting…") and it rejoins by itself, on another media node if
 * its own died (see reconnect()); a refusal (4xxx) is an error, and a leave, the host's end, a removal or joining from
 * another window end the call: the ended screen (ended-screen.js) says so and leads on.
 */
import { createCallMeter } from './call-meter.js';
import { runDeviceCheck } from './device-check.js';
import { canChooseSpeaker } from './devices.js';
import { createDevicesMenu } from './devices-menu.js';
import { defaultReason, endingOfClose, showEndedScreen } from './ended-screen.js';
import { createHostRequests } from './host-requests.js';
import { isRefused, refusalReason, reloadJoinPage } from './join-link.js';
import { setVideoEncodings, switchDevice } from './local-media.js';
import { createParticipantsPanel } from './participants-panel.js';
import { createSelfTile } from './self-tile.js';
import { createTiles } from './tiles.js';
import { createLobbyPanel, showWaitingScreen } from './waiting-room.js';

/** What the chat panel says of its messages: the clinic's setting, as the node tells each page when it joins. */
const CHAT_NOT_KEPT = 'Messages are seen by everyone in the call and are not kept after it.';
const CHAT_KEPT =
  'Messages are seen by everyone in the call and kept with the appointment: its doctor and patient can read them later.';

/** Where this browser keeps the person's choice of tile view over speaker view. */
const TILE_VIEW_KEY = 'medirelay.tileView';

/** Tile view as last chosen in this browser (speaker view until then). */
function storedTileView() {
  try {
    return localStorage.getItem(TILE_VIEW_KEY) === 'true';
  } catch (e) {
    return false;
  }
}

/** The microphone and camera toggles' icons: struck through while the button is pressed (muted, camera off). */
const ICONS = {
  microphone:
    '<svg class="mr-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>' +
    '<path class="mr-slash" d="M4 4l16 16"/></svg>',
  camera:
    '<svg class="mr-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
    '<rect x="3" y="7" width="12" height="10" rx="2"/><path d="M15 11l6-3v8l-6-3"/>' +
    '<path class="mr-slash" d="M4 4l16 16"/></svg>',
};

(function () {
  'use strict';

  const body = document.body;
  const config = {
    sessionId: body.dataset.sessionId || '',
    signalingUrl: body.dataset.signalingUrl || '',
    mediaNode: body.dataset.mediaNode || '', // the node's id, which a reconnecting page reports lost
    displayName: body.dataset.displayName || '',
    role: body.dataset.role || 'participant',
    // The page's token is the link's, re-issued by the app if the session has moved to another media node since.
    token: body.dataset.joinToken || new URLSearchParams(location.search).get('token') || '',
    dashboardUrl: body.dataset.dashboardUrl || '', // the signed-in person's appointments; none for a guest
    iceServers: readIceServers(),
  };

  const ui = buildUi();
  const call = {
    pc: null,
    ws: null,
    localStream: null,
    state: 'idle',
    leaving: false,
    offerChain: Promise.resolve(),
    attempt: 0, // reconnection attempts since the media last flowed
    everActive: false, // whether media has flowed on this page at all
    pathFailures: 0, // ICE or DTLS failures before media first flowed
    retry: null,
    disconnectedTimer: null,
    nodeShowsDevices: false, // whether the node relays microphone and camera state (see 'joined')
    videoSender: null, // the RTCRtpSender of our video m-section, while it sends
    audioSender: null, // the RTCRtpSender of our audio m-section, while it sends
    screenTrack: null, // the shared screen, sent instead of the camera
    endArmed: null, // the timer of a first "End for all" click, waiting for the second
    speakerId: '', // the speaker chosen in the device check ('' for the default)
    waitingScreen: null, // while a host has not let this person in
    lobby: null, // the host's list of people waiting
    preparing: false, // the connection is being prepared during the device check: its failures are silent
    joined: false, // the node has sent 'joined' on the current connection
  };
  window.mediRelayCall = call; // for diagnostics and tests (getStats)

  setState('prejoin', '');
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
      '<p class="mr-status" id="call-status" role="status" aria-live="polite"></p>' +
      '<p class="mr-meter" id="call-meter" hidden>' +
      '  <span id="call-timer" aria-label="Call duration">0:00</span>' +
      '  <span id="call-quality" data-quality="unknown">Connection: measuring…</span>' +
      '</p>' +
      '<div class="mr-controls" id="call-controls" role="toolbar" aria-label="Call controls">' +
      '  <button type="button" id="toggle-audio" class="mr-has-icon" aria-pressed="false">' +
      ICONS.microphone +
      'Mute</button>' +
      '  <button type="button" id="toggle-video" class="mr-has-icon" aria-pressed="false">' +
      ICONS.camera +
      'Camera off</button>' +
      '  <button type="button" id="toggle-screen" aria-pressed="false" hidden>Share screen</button>' +
      '  <button type="button" id="toggle-audio-only" aria-pressed="false" hidden>Audio only</button>' +
      '  <button type="button" id="toggle-chat" aria-pressed="false" aria-controls="chat">Chat</button>' +
      '  <button type="button" id="toggle-participants" aria-pressed="false" aria-controls="participants">' +
      '    People</button>' +
      '  <button type="button" id="toggle-devices" aria-pressed="false" aria-controls="devices-menu">' +
      '    Devices</button>' +
      '  <button type="button" id="toggle-layout" aria-pressed="false" hidden>Tile view</button>' +
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
      '  <p class="mr-chat-note" id="chat-note">' +
      CHAT_NOT_KEPT +
      '</p>' +
      '</aside>';
    // Tile view or speaker view: only a group consult (two or more tiles) has the choice; it is kept for next time.
    const layoutToggle = root.querySelector('#toggle-layout');
    const self = createSelfTile();
    self.setName(config.displayName);
    root.insertBefore(self.element, root.querySelector('#call-status'));
    const elements = {
      root,
      remotes: root.querySelector('#remote-videos'),
      waiting: root.querySelector('#waiting'),
      self,
      local: self.video,
      status: root.querySelector('#call-status'),
      audio: root.querySelector('#toggle-audio'),
      video: root.querySelector('#toggle-video'),
      controls: root.querySelector('#call-controls'),
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
      chatNote: root.querySelector('#chat-note'),
      peopleToggle: root.querySelector('#toggle-participants'),
      devicesToggle: root.querySelector('#toggle-devices'),
      tiles: createTiles(root.querySelector('#remote-videos'), root.querySelector('#waiting'), send, (count) => {
        layoutToggle.hidden = count < 2;
      }),
      people: createParticipantsPanel(root, send),
      devicesMenu: createDevicesMenu(root, { choose: chooseDevice, chooseSpeaker }),
      hostRequests: createHostRequests(root, () => {
        if (isMuted()) toggle('audio');
      }),
      meter: createCallMeter(root.querySelector('#call-meter'), () => (call.state === 'active' ? call.pc : null)),
    };
    elements.audio.addEventListener('click', () => toggle('audio'));
    elements.video.addEventListener('click', () => toggle('video'));
    elements.audioOnly.addEventListener('click', () => setAudioOnly(!call.audioOnly));
    elements.leave.addEventListener('click', leave);
    elements.endForAll.addEventListener('click', endForAll);
    elements.chatToggle.addEventListener('click', () => togglePanel('chat'));
    elements.peopleToggle.addEventListener('click', () => togglePanel('people'));
    elements.devicesToggle.addEventListener('click', () => togglePanel('devices'));
    elements.screen.addEventListener('click', () => (call.screenTrack ? stopSharing() : shareScreen()));
    const showTileView = (on) => {
      layoutToggle.setAttribute('aria-pressed', String(on));
      elements.tiles.setTileView(on);
    };
    layoutToggle.addEventListener('click', () => {
      const on = layoutToggle.getAttribute('aria-pressed') !== 'true';
      showTileView(on);
      try {
        localStorage.setItem(TILE_VIEW_KEY, String(on));
      } catch (e) {
        // storage blocked (a private window): the choice lasts this page
      }
    });
    showTileView(storedTileView());
    // The whole call goes full screen, controls included, so Leave and Mute stay in reach.
    elements.fullscreen.hidden = !document.fullscreenEnabled;
    elements.fullscreen.addEventListener('click', () => {
      if (document.fullscreenElement) document.exitFullscreen();
      else root.requestFullscreen().catch(() => {});
    });
    document.addEventListener('fullscreenchange', () => {
      elements.fullscreen.setAttribute('aria-pressed', String(!!document.fullscreenElement));
    });
    // The control bar wraps onto more rows on a narrow screen (or with larger text); the videos, the chat and the
    // waiting list keep clear of it at whatever height it has (--mr-bar in call.css).
    new ResizeObserver(() => root.style.setProperty('--mr-bar', elements.controls.offsetHeight + 'px')).observe(
      elements.controls,
    );
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
    if (state === 'active') ui.meter.start();
    if (message !== undefined) {
      ui.status.textContent = message;
      ui.status.setAttribute('role', isError ? 'alert' : 'status');
      ui.status.classList.toggle('mr-error', !!isError);
    }
  }

  /** The call cannot go on for this page: the ended screen says why and offers to try again. */
  function fail(message) {
    if (call.state === 'ended' || call.state === 'error') return;
    // The meter runs from the call's start, not ours: a page that never got in did not last.
    finish('error', 'failed', message, call.everActive ? ui.meter.lastedMs() : 0);
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
    // ICE and DTLS are set up while the person checks their devices, so Join has only the call to enter.
    connect(true);
    const choice = await runDeviceCheck(ui.root, { displayName: config.displayName });
    call.localStream = choice.stream;
    call.audioOnly = choice.audioOnly;
    call.speakerId = choice.speakerId;
    ui.tiles.playOn(choice.speakerId);
    if (call.localStream) ui.local.srcObject = call.localStream;
    updateButtons();
    setState(
      'connecting',
      call.localStream
        ? 'Connecting to the call…'
        : 'Connecting without your camera and microphone: you can still see and hear the others.',
    );
    call.preparing = false;
    if (call.ws && call.ws.readyState === WebSocket.OPEN && call.pc && call.pc.connectionState !== 'failed') {
      send({ type: 'join', sessionId: config.sessionId, token: config.token });
    } else {
      // The prepared connection did not come up (an older node, a network change): join as usual.
      closeConnection();
      connect(false);
    }
  }

  /** The prepared connection failed before Join: dropped without a word, Join connects afresh. */
  function dropPrepared() {
    if (call.preparing) closeConnection();
  }

  /**
   * A lost connection (network change, a media node that died) is retried at once, then a few times with growing
   * pauses, each with up to RECONNECT_JITTER_MS added so that the pages of a dead node's calls do not all reach the
   * app in the same instant. Each attempt first reloads this page's call details from the app, telling it which node
   * was lost: the app checks that node itself and moves the session to a live one if it does not answer, so a call
   * whose node died resumes elsewhere within seconds. The reload also brings fresh TURN credentials, and a link that
   * stopped working ends the call with the app's reason. While the app cannot be reached (restarting, say), the
   * attempt goes to the same node with the token the page has: a call does not need the app.
   */
  const RECONNECT_DELAYS_MS = [0, 1000, 2000, 4000, 8000, 8000];
  const RECONNECT_JITTER_MS = 500;
  /** How long "End for all" waits for its confirming second click. */
  const END_CONFIRM_MS = 4000;
  /** The node's close codes when no media path could be set up: ICE found no path, or the DTLS handshake failed. */
  const ICE_FAILED = 4504;
  const DTLS_FAILED = 4505;
  /**
   * A page whose media never flowed tries this many times to set up a path before it says the network blocks the
   * call: the second try has fresh TURN credentials, and a further one meets the same firewall (each costs the node's
   * ICE timeout, so more would keep the patient on "Reconnecting…" for minutes).
   */
  const FIRST_PATH_ATTEMPTS = 2;
  /** How long the media path may stay 'disconnected' before the call counts as lost. */
  const DISCONNECTED_GRACE_MS = 8000;

  function lost(message) {
    if (call.state === 'ended' || call.state === 'error') return;
    if (call.attempt >= RECONNECT_DELAYS_MS.length) {
      fail(message);
      return;
    }
    const delay = RECONNECT_DELAYS_MS[call.attempt++] + Math.random() * RECONNECT_JITTER_MS;
    setState('reconnecting', 'Connection lost. Reconnecting…');
    closeConnection();
    call.retry = setTimeout(() => reconnect().catch(() => lost(message)), delay);
  }

  /** No media path could be set up (ICE or DTLS failed): retried as a lost connection, within FIRST_PATH_ATTEMPTS. */
  function pathFailed(message) {
    call.pathFailures++;
    if (!call.everActive && call.pathFailures >= FIRST_PATH_ATTEMPTS) {
      fail(
        'No connection to the call could be made from this network: a firewall or VPN may block it. ' +
          'Try another network (mobile data, say), then open the link again.',
      );
    } else {
      lost(message);
    }
  }

  async function reconnect() {
    const answer = await reloadJoinPage(config.mediaNode);
    if (!answer) {
      // The app is down or restarting; the media node may well be there, and the token still opens it.
      if (call.state === 'reconnecting') connect(false);
      return;
    }
    if (isRefused(answer)) {
      fail(refusalReason(answer, 'This consultation link can no longer be used.'));
      return;
    }
    if (!answer.ok) throw new Error('HTTP ' + answer.status);
    const page = answer.page;
    const fresh = page.body.dataset;
    config.signalingUrl = fresh.signalingUrl || config.signalingUrl;
    config.mediaNode = fresh.mediaNode || config.mediaNode;
    config.token = fresh.joinToken || config.token;
    const ice = page.getElementById('ice-servers');
    if (ice) {
      try {
        config.iceServers = JSON.parse(ice.textContent || '[]');
      } catch (e) {
        /* keep the servers we had */
      }
    }
    if (call.state === 'reconnecting') connect(false);
  }

  /** Drops the current connection (not the camera): its late events are ignored, remote tiles are cleared. */
  function closeConnection() {
    const ws = call.ws;
    const pc = call.pc;
    call.ws = null;
    call.pc = null;
    call.joined = false;
    call.videoSender = null; // the next connection's answer finds its own (and keeps sending a shared screen)
    call.audioSender = null;
    clearTimeout(call.disconnectedTimer);
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000);
    if (pc) pc.close();
    call.offerChain = Promise.resolve();
    ui.tiles.clear();
  }

  /**
   * Opens a connection to the media node: to join at once, or ({@code prepare}) during the device check, when the node
   * sets up ICE and DTLS on its first offer, which the page answers without sending anything, and the join follows.
   */
  function connect(prepare) {
    call.preparing = prepare;
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
      if (stream) ui.tiles.attach(stream.id, stream);
    };
    pc.onconnectionstatechange = () => {
      if (call.pc !== pc) return;
      clearTimeout(call.disconnectedTimer);
      if (call.preparing) {
        if (pc.connectionState === 'failed') dropPrepared();
        return;
      }
      if (pc.connectionState === 'connected') {
        if (call.joined) becameActive();
      } else if (pc.connectionState === 'failed') {
        pathFailed('The media connection failed. Check your network and open the link again.');
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
    ws.onopen = () => send({ type: prepare ? 'prepare' : 'join', sessionId: config.sessionId, token: config.token });
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
      if (call.preparing) {
        dropPrepared();
        return;
      }
      const ending = endingOfClose(event.code);
      if (ending) {
        end(ending, event.reason || defaultReason(ending));
      } else if (event.code === ICE_FAILED || event.code === DTLS_FAILED) {
        // Often passing (a network change, a busy device): try again through the app, which brings fresh TURN
        // credentials, before saying the network blocks the call.
        pathFailed(event.reason || 'The media connection could not be established.');
      } else if (event.code >= 4000 && event.code < 5000) {
        fail(event.reason || 'The media server ended the connection.');
      } else {
        lost('The connection to the media server was lost.');
      }
    };
  }

  function onMessage(message) {
    switch (message.type) {
      case 'waiting':
        showWaiting(message);
        break;
      case 'lobby':
        if (call.lobby) call.lobby.show(message);
        break;
      case 'admission-refused':
        if (call.lobby) call.lobby.refused(message);
        break;
      case 'joined':
        if (call.state === 'waiting') setState('connecting', 'You are in. Connecting to the call…');
        leaveWaitingRoom();
        ui.meter.callStarted(message.callElapsedMs);
        if (message.mayAdmit && !call.lobby) call.lobby = createLobbyPanel(ui.root, send, config.sessionId);
        (message.participants || []).forEach(ui.tiles.add);
        ui.people.join(message.self, message.participants, message.mayModerate);
        if (message.self) ui.self.setName(message.self.displayName);
        updateButtons();
        // A node from before devices messages (not yet upgraded by its operator) would refuse them as unknown.
        call.nodeShowsDevices = !!message.self && 'audio' in message.self;
        ui.tiles.acceptVideoSizes(message.acceptsVideoSize === true);
        ui.audioOnly.hidden = message.acceptsAudioOnly !== true;
        if (call.audioOnly && !ui.audioOnly.hidden) setAudioOnly(true);
        ui.endForAll.hidden = !message.mayEndForAll;
        ui.chatNote.textContent = message.chatKept === true ? CHAT_KEPT : CHAT_NOT_KEPT;
        sendDevices();
        call.joined = true;
        // A prepared connection is up already: the call is active as soon as the person is in it.
        if (call.pc && call.pc.connectionState === 'connected') becameActive();
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
        ui.tiles.add(message.participant);
        ui.people.add(message.participant);
        break;
      case 'participant-left':
        ui.tiles.remove(message.participantId);
        ui.people.remove(message.participantId);
        break;
      case 'participant-devices':
        ui.tiles.devices(message.participantId, message);
        ui.people.devices(message.participantId, message);
        break;
      case 'muted-by-host':
        mutedByHost(message.by);
        break;
      case 'unmute-requested':
        ui.hostRequests.unmuteRequested(message.by, isMuted());
        break;
      case 'moderation-refused':
        ui.people.refused(message);
        break;
      case 'video-paused':
        ui.tiles.paused(message.participantId, message.paused === true);
        break;
      case 'active-speaker':
        ui.tiles.speaker(message.participantId);
        break;
      default:
        break;
    }
  }

  /** Media can flow and the person is in the call. */
  function becameActive() {
    call.attempt = 0;
    call.everActive = true;
    setState('active', '');
  }

  /** A host has not let this person in yet: the waiting screen says whom they wait for. */
  function showWaiting(message) {
    if (!call.waitingScreen) call.waitingScreen = showWaitingScreen(ui.root, leave);
    call.waitingScreen.update(message);
    setState('waiting', '');
  }

  function leaveWaitingRoom() {
    if (call.waitingScreen) call.waitingScreen.remove();
    call.waitingScreen = null;
  }

  async function answer(pc, offer) {
    await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
    const uplink = offer.uplink || {};
    const toAttach = [];
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.mid === uplink.audio ? 'audio' : transceiver.mid === uplink.video ? 'video' : null;
      if (!kind) continue;
      const camera = localTrack(kind);
      // A shared screen stays shared across renegotiations (someone joining or leaving).
      const track = kind === 'video' && camera && call.screenTrack ? call.screenTrack : camera;
      if (track) {
        transceiver.direction = 'sendonly';
        if (transceiver.sender.track !== track) {
          transceiver.sender.setStreams(call.localStream);
          toAttach.push({ sender: transceiver.sender, track });
        }
        if (kind === 'video') call.videoSender = transceiver.sender;
        else call.audioSender = transceiver.sender;
      } else {
        // While the connection is prepared the uplink is negotiated to send, with no track yet: nothing flows, and
        // the camera and microphone chosen at Join start at once, without another negotiation.
        transceiver.direction = call.preparing ? 'sendonly' : 'inactive';
      }
    }
    updateButtons();
    const description = await pc.createAnswer();
    await pc.setLocalDescription(description);
    if (call.pc !== pc) return;
    send({ type: 'answer', version: offer.version, sdp: pc.localDescription.sdp });
    // The tracks start once the answer is on its way: starting the encoders would hold up the answer, and with it
    // the others' media to this page (the negotiated senders need no track to be answered).
    await Promise.all(toAttach.map(({ sender, track }) => sender.replaceTrack(track)));
    if (call.videoSender) await setVideoEncodings(call.videoSender, !!call.screenTrack);
  }

  function showChat(visible) {
    ui.chat.hidden = !visible;
    ui.chatToggle.setAttribute('aria-pressed', String(visible));
    ui.chatToggle.textContent = 'Chat';
    if (visible) ui.chatInput.focus();
  }

  /** The side panels share the call's right-hand side: opening one closes the others. */
  function togglePanel(name) {
    const panels = {
      chat: { toggle: ui.chatToggle, hidden: () => ui.chat.hidden, show: showChat },
      people: { toggle: ui.peopleToggle, hidden: ui.people.hidden, show: (v) => ui.people.show(v) },
      devices: {
        toggle: ui.devicesToggle,
        hidden: ui.devicesMenu.hidden,
        show: (v) => ui.devicesMenu.show(v, call.localStream, call.speakerId),
      },
    };
    const opening = panels[name].hidden();
    Object.entries(panels).forEach(([other, panel]) => {
      const visible = other === name && opening;
      if (visible || !panel.hidden()) panel.show(visible);
      panel.toggle.setAttribute('aria-pressed', String(visible));
    });
    showsPanel();
  }

  /**
   * Says on the call which side panel is open (data-panel: chat, people, devices or nothing): the videos make room for
   * it, beside them on a wide screen, above it on a narrow one (call.css).
   */
  function showsPanel() {
    const open = !ui.chat.hidden ? 'chat' : !ui.people.hidden() ? 'people' : !ui.devicesMenu.hidden() ? 'devices' : '';
    ui.root.dataset.panel = open;
  }

  /**
   * Switches the call's microphone ('audio') or camera ('video') to another device, on the same sender
   * (replaceTrack: no renegotiation). While a screen is shared the camera changes behind it, for when sharing stops.
   */
  async function chooseDevice(kind, deviceId) {
    if (!call.localStream) throw new Error('the call has no camera or microphone');
    const sharing = kind === 'video' && !!call.screenTrack;
    const sender = kind === 'audio' ? call.audioSender : sharing ? null : call.videoSender;
    await switchDevice(call.localStream, kind, deviceId, sender);
    // A camera of another resolution gets its simulcast layers fitted again; they stay the same layers.
    if (kind === 'video' && sender) await setVideoEncodings(sender, false);
    if (kind === 'video' && !sharing) ui.local.srcObject = call.localStream;
    updateButtons();
    sendDevices();
  }

  /** Plays the others' sound on speaker {@code deviceId} (where the browser lets a page choose). */
  function chooseSpeaker(deviceId) {
    call.speakerId = deviceId;
    ui.tiles.playOn(deviceId);
  }

  /** A host muted this page: the microphone goes off here too, and the page says who did it. */
  function mutedByHost(by) {
    if (!isMuted() && localTrack('audio')) toggle('audio');
    ui.hostRequests.mutedBy(by);
  }

  function isMuted() {
    const audio = localTrack('audio');
    return !!audio && !audio.enabled;
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
    await setVideoEncodings(call.videoSender, true);
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
      await setVideoEncodings(call.videoSender, false);
    }
    ui.local.srcObject = call.localStream;
    updateButtons();
    sendDevices();
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
    // The buttons keep their names and say their state as pressed or not (a pressed Mute: muted); the badges say it
    // in words on the call itself.
    const muted = !!audio && !audio.enabled;
    const cameraOff = !!video && !video.enabled;
    ui.audio.setAttribute('aria-pressed', String(muted));
    ui.video.setAttribute('aria-pressed', String(cameraOff));
    ui.people.selfDevices(!!audio && audio.enabled, !!video && video.enabled);
    const sharing = !!call.screenTrack;
    ui.self.show({ muted, cameraOff: !video || !video.enabled, sharing });
    ui.screen.hidden = !navigator.mediaDevices || !navigator.mediaDevices.getDisplayMedia || !call.videoSender;
    ui.screen.setAttribute('aria-pressed', String(sharing));
    // Without camera and microphone only the speaker could change, where the browser lets a page choose it.
    ui.devicesToggle.hidden = !call.localStream && !canChooseSpeaker;
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
    const ending = call.state === 'waiting' ? 'left-waiting' : 'left';
    end(ending, defaultReason(ending));
  }

  /** The call is over for this page ({@code ending}: see ended-screen.js), {@code reason} saying why. */
  function end(ending, reason) {
    finish('ended', ending, reason, ui.meter.lastedMs());
  }

  /** Leaves the call in {@code state} ('ended' or 'error') and shows the ended screen for {@code ending}. */
  function finish(state, ending, message, lastedMs) {
    setState(state, message, state === 'error');
    teardown();
    showEndedScreen(ui.root, ending, { status: ui.status, lastedMs, dashboardUrl: config.dashboardUrl });
  }

  function teardown() {
    call.leaving = true;
    clearTimeout(call.retry);
    clearTimeout(call.disconnectedTimer);
    if (call.ws && call.ws.readyState <= WebSocket.OPEN) call.ws.close(1000);
    if (call.pc) call.pc.close();
    if (call.localStream) call.localStream.getTracks().forEach((t) => t.stop());
    if (call.screenTrack) call.screenTrack.stop();
    ui.meter.stop();
    clearTimeout(call.endArmed);
    call.endArmed = null;
    ui.endForAll.textContent = 'End for all';
    ui.endForAll.hidden = true;
    // The conversation stays readable; nothing more can be sent.
    ui.chatInput.disabled = true;
    ui.chatForm.querySelector('button').disabled = true;
    ui.chatInput.placeholder = 'The call has ended';
    ui.audio.disabled = true;
    ui.video.disabled = true;
    ui.screen.disabled = true;
    ui.leave.disabled = true;
    ui.endForAll.disabled = true;
    [ui.peopleToggle, ui.devicesToggle].forEach((toggle) => {
      toggle.disabled = true;
      toggle.setAttribute('aria-pressed', 'false');
    });
    ui.devicesMenu.show(false);
    ui.people.show(false);
    showsPanel();
    ui.people.clear();
    ui.hostRequests.clear();
    ui.tiles.clear();
    ui.waiting.hidden = true;
    leaveWaitingRoom();
    if (call.lobby) call.lobby.clear();
  }
})();
