/*
 * MediRelay browser call client.
 *
 * Page contract (what app/src/main/resources/templates/join.html renders): <body data-call-state="idle" data-session-id data-signaling-url
 * data-display-name data-role data-join-token>, a <script type="application/json" id="ice-servers"> with the ICE
 * servers; without data-join-token, the join token in the page URL (?token=…) is used.
 *
 * Signaling protocol with the media node (JSON over the WebSocket at data-signaling-url):
 *   → {type:"join", sessionId, token}            → {type:"answer", version, sdp}
 *   → {type:"candidate", candidate}              → {type:"leave"}
 *   ← {type:"joined", self, participants}        ← {type:"offer", version, sdp, uplink:{audio, video}}
 *   ← {type:"participant-joined", participant}   ← {type:"participant-left", participantId}
 *   ← {type:"media-state", state}
 * The node always makes the offers (so renegotiation never collides); this page only answers. The m-sections named in
 * `uplink` carry our camera and microphone; every other m-section carries a remote participant's stream, whose msid
 * stream id is that participant's id. A refusal arrives as a WebSocket close code 4xxx with a reason to show.
 *
 * Call states on <body data-call-state>: idle → connecting → active → ended, or error. A lost connection goes back
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

  const ui = buildUi();
  const participants = new Map(); // participant id → {name, tile, video}
  const call = {
    pc: null,
    ws: null,
    localStream: null,
    state: 'idle',
    leaving: false,
    offerChain: Promise.resolve(),
    attempt: 0, // reconnection attempts since the media last flowed
    retry: null,
    disconnectedTimer: null,
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
      '<div class="mr-controls" role="toolbar" aria-label="Call controls">' +
      '  <button type="button" id="toggle-audio" aria-pressed="false">Mute</button>' +
      '  <button type="button" id="toggle-video" aria-pressed="false">Camera off</button>' +
      '  <button type="button" id="leave" class="mr-leave">Leave</button>' +
      '</div>';
    const elements = {
      remotes: root.querySelector('#remote-videos'),
      waiting: root.querySelector('#waiting'),
      local: root.querySelector('#local-video'),
      status: root.querySelector('#call-status'),
      audio: root.querySelector('#toggle-audio'),
      video: root.querySelector('#toggle-video'),
      leave: root.querySelector('#leave'),
    };
    elements.audio.addEventListener('click', () => toggle('audio'));
    elements.video.addEventListener('click', () => toggle('video'));
    elements.leave.addEventListener('click', leave);
    return elements;
  }

  function setState(state, message, isError) {
    call.state = state;
    body.dataset.callState = state;
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
      return await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 640, height: 480}});
    } catch (e) {
      try {
        return await navigator.mediaDevices.getUserMedia({audio: true});
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
    const response = await fetch(location.href, {cache: 'no-store', credentials: 'omit'});
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

  /** Drops the current connection (not the camera): its late events are ignored, remote tiles are cleared. */
  function closeConnection() {
    const ws = call.ws;
    const pc = call.pc;
    call.ws = null;
    call.pc = null;
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
        send({type: 'candidate', candidate: event.candidate.candidate});
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
    ws.onopen = () => send({type: 'join', sessionId: config.sessionId, token: config.token});
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
        break;
      case 'offer': {
        // Offers are answered strictly one after another, each on the connection it came for.
        const pc = call.pc;
        call.offerChain = call.offerChain.then(() => answer(pc, message)).catch((e) => {
          if (call.pc === pc) fail('Media negotiation failed: ' + (e && e.message ? e.message : e));
        });
        break;
      }
      case 'participant-joined':
        addParticipant(message.participant);
        break;
      case 'participant-left':
        removeParticipant(message.participantId);
        break;
      default:
        break;
    }
  }

  async function answer(pc, offer) {
    await pc.setRemoteDescription({type: 'offer', sdp: offer.sdp});
    const uplink = offer.uplink || {};
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.mid === uplink.audio ? 'audio' : transceiver.mid === uplink.video ? 'video' : null;
      if (!kind) continue;
      const track = call.localStream ? call.localStream.getTracks().find((t) => t.kind === kind) : null;
      if (track) {
        transceiver.direction = 'sendonly';
        if (transceiver.sender.track !== track) {
          await transceiver.sender.replaceTrack(track);
          transceiver.sender.setStreams(call.localStream);
        }
      } else {
        transceiver.direction = 'inactive';
      }
    }
    const description = await pc.createAnswer();
    await pc.setLocalDescription(description);
    if (call.pc !== pc) return;
    send({type: 'answer', version: offer.version, sdp: pc.localDescription.sdp});
  }

  function addParticipant(participant) {
    if (!participant || participants.has(participant.id)) return;
    const tile = document.createElement('figure');
    tile.className = 'mr-tile';
    tile.dataset.participantId = participant.id;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    const caption = document.createElement('figcaption');
    caption.textContent = participant.displayName || 'Guest';
    tile.append(video, caption);
    ui.remotes.appendChild(tile);
    participants.set(participant.id, {tile, video});
    layout();
  }

  function attachRemote(participantId, stream) {
    if (!participants.has(participantId)) addParticipant({id: participantId, displayName: ''});
    const entry = participants.get(participantId);
    if (entry.video.srcObject !== stream) entry.video.srcObject = stream;
    entry.video.play().catch(() => {
      /* autoplay is retried by the browser once the page has a gesture */
    });
  }

  function removeParticipant(participantId) {
    const entry = participants.get(participantId);
    if (!entry) return;
    entry.video.srcObject = null;
    entry.tile.remove();
    participants.delete(participantId);
    layout();
  }

  function layout() {
    ui.remotes.dataset.count = String(participants.size);
    ui.waiting.hidden = participants.size > 0;
  }

  function toggle(kind) {
    if (!call.localStream) return;
    const tracks = kind === 'audio' ? call.localStream.getAudioTracks() : call.localStream.getVideoTracks();
    if (tracks.length === 0) return;
    const enabled = !tracks[0].enabled;
    tracks.forEach((t) => (t.enabled = enabled));
    updateButtons();
  }

  function updateButtons() {
    const stream = call.localStream;
    const audio = stream ? stream.getAudioTracks()[0] : null;
    const video = stream ? stream.getVideoTracks()[0] : null;
    ui.audio.disabled = !audio;
    ui.video.disabled = !video;
    ui.audio.textContent = audio && !audio.enabled ? 'Unmute' : 'Mute';
    ui.audio.setAttribute('aria-pressed', String(!!audio && !audio.enabled));
    ui.video.textContent = video && !video.enabled ? 'Camera on' : 'Camera off';
    ui.video.setAttribute('aria-pressed', String(!!video && !video.enabled));
    ui.local.hidden = !video || !video.enabled;
  }

  function send(message) {
    if (call.ws && call.ws.readyState === WebSocket.OPEN) call.ws.send(JSON.stringify(message));
  }

  function leave() {
    if (call.state === 'ended') return;
    call.leaving = true;
    send({type: 'leave'});
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
    ui.audio.disabled = true;
    ui.video.disabled = true;
    ui.leave.disabled = true;
    Array.from(participants.keys()).forEach(removeParticipant);
    ui.waiting.hidden = true;
  }
})();
