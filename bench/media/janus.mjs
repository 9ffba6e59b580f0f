// The bench's Janus client: the part of Janus's API (WebSocket transport, subprotocol janus-protocol) and of its
// VideoRoom plugin (1.x, multistream) a participant that publishes and subscribes needs, as Janus's own janus.js and
// videoroom demo use them. load.mjs uses it to create and destroy rooms; clients.mjs to join them, behind the same
// interface as the media node's signaling (signaling.mjs).
//
// A participant: create a session (kept alive every 25 s), attach a VideoRoom handle and join the room as a publisher,
// publish with an offer (sendonly Opus and VP8) and apply Janus's answer; for the other publishers (those listed when
// it joined, and those announced later) attach a subscriber handle, join as a subscriber, answer Janus's offer and
// start. By default one subscriber handle (one peer connection) per participant carries every feed it receives, the
// way Janus 1.x is meant to be used: a later feed is added with a "subscribe" request and a renegotiation. With
// `subscription: 'per-feed'` each remote publisher gets its own subscriber handle and peer connection (Janus 0.x style).
// Candidates go inside the SDP (gathering on loopback takes milliseconds), so no trickling is needed.
//
// By default (`sdp: 'matched'`) the participant negotiates with Janus what it negotiates with the media node: Opus and
// VP8 without RTX and without RTP header extensions. Its offer to Janus goes without them (Janus's answer then has
// none), and Janus's offers lose them before the participant answers (Janus 1.1 always offers the mid and, for video,
// abs-send-time extensions and RTX to subscribers; an answer without them turns them off). The same packets then reach
// both SFUs. `sdp: 'native'` keeps whatever libwebrtc and Janus agree on.

import WebSocket from 'ws';

const KEEPALIVE_MS = 25000;
let transactions = 0;

/**
 * `sdp` without RTP header extensions and without RTX (its payload types, their attributes and their place on the m=
 * lines), as the media node negotiates.
 */
export function likeTheNode(sdp) {
  const lines = sdp.split('\r\n');
  const rtx = new Set(lines.map((l) => /^a=rtpmap:(\d+) rtx\//.exec(l)).filter(Boolean).map((m) => m[1]));
  return lines
    .filter((l) => !l.startsWith('a=extmap:'))
    .filter((l) => {
      const m = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/.exec(l);
      return !(m && rtx.has(m[1]));
    })
    .map((l) => (l.startsWith('m=') ? l.split(' ').filter((t, i) => i < 3 || !rtx.has(t)).join(' ') : l))
    .join('\r\n');
}

/** Waits until `pc` has gathered its candidates (or two seconds passed), so its local description carries them. */
function gathered(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 2000);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/**
 * A Janus session over one WebSocket at `url`. `onClose(code, reason)` gets the end of the connection. Returns
 * attach(plugin) (a handle: id, message(body, jsep) for a request and its plugin's answer, onEvent(listener) for what
 * the plugin sends unasked, and the handle's hangup), and destroy().
 */
export async function session(url, {onClose = () => {}} = {}) {
  const ws = new WebSocket(url, 'janus-protocol');
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const pending = new Map();
  const listeners = new Map();
  let closing = false;
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.janus === 'ack' || message.janus === 'keepalive') return;
    const waiting = message.transaction && pending.get(message.transaction);
    if (waiting && (message.janus === 'success' || message.janus === 'error' || message.janus === 'event')) {
      pending.delete(message.transaction);
      const error = message.error || (message.plugindata && message.plugindata.data && message.plugindata.data.error);
      if (error) waiting.reject(new Error(`janus: ${JSON.stringify(error)}`));
      else waiting.resolve(message);
      return;
    }
    const listener = listeners.get(message.sender);
    if (listener) listener(message);
  });
  ws.on('close', (code, reason) => {
    for (const {reject} of pending.values()) reject(new Error(`janus: connection closed ${code}`));
    pending.clear();
    if (!closing) onClose(code, reason.toString());
  });

  const request = (body) =>
    new Promise((resolve, reject) => {
      const transaction = `t${++transactions}`;
      pending.set(transaction, {resolve, reject});
      ws.send(JSON.stringify({...body, transaction}));
    });

  const created = await request({janus: 'create'});
  const sessionId = created.data.id;
  const keepalive = setInterval(() => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({janus: 'keepalive', session_id: sessionId, transaction: `k${++transactions}`}));
  }, KEEPALIVE_MS);

  return {
    id: sessionId,
    async attach(plugin) {
      const attached = await request({janus: 'attach', session_id: sessionId, plugin});
      const handleId = attached.data.id;
      return {
        id: handleId,
        /** A plugin request; resolves with the plugin's answer ({data, jsep}) whether Janus gives it at once or later. */
        async message(body, jsep) {
          const answer = await request({janus: 'message', session_id: sessionId, handle_id: handleId, body, ...(jsep ? {jsep} : {})});
          return {data: answer.plugindata ? answer.plugindata.data : {}, jsep: answer.jsep};
        },
        /** What Janus sends on this handle unasked: plugin events ({janus: 'event'}), webrtcup, media, hangup… */
        onEvent(listener) {
          listeners.set(handleId, listener);
        },
      };
    },
    /** Ends the session (Janus hangs up and detaches its handles), then the connection. */
    destroy() {
      closing = true;
      clearInterval(keepalive);
      if (ws.readyState !== WebSocket.OPEN) return Promise.resolve();
      const ended = request({janus: 'destroy', session_id: sessionId}).catch(() => {});
      return Promise.race([ended, new Promise((r) => setTimeout(r, 1000))]).then(() => ws.close());
    },
  };
}

/**
 * VideoRoom room settings for the bench: codecs and header extensions matched to what the media node negotiates (Opus
 * with in-band FEC, VP8; no audio-level, video-orientation, playout-delay or transport-cc extensions: the node's offer
 * has none), no bitrate cap or periodic keyframe request (the publishers cap their own encoders), not listed.
 */
export const ROOM_SETTINGS = {
  is_private: true,
  audiocodec: 'opus',
  videocodec: 'vp8',
  opus_fec: true,
  bitrate: 0,
  fir_freq: 0,
  audiolevel_ext: false,
  audiolevel_event: false,
  videoorient_ext: false,
  playoutdelay_ext: false,
  transport_wide_cc_ext: false,
  notify_joining: false,
};

/**
 * A VideoRoom handle for managing rooms (load.mjs, janus-room.mjs): create(room, publishers, settings) with
 * ROOM_SETTINGS unless `settings` are given, and destroy(room).
 */
export async function rooms(url) {
  const s = await session(url);
  const handle = await s.attach('janus.plugin.videoroom');
  return {
    create: (room, publishers, settings = ROOM_SETTINGS) =>
      handle.message({request: 'create', room, permanent: false, publishers, ...settings}),
    destroy: (room) => handle.message({request: 'destroy', room, permanent: false}),
    close: () => s.destroy(),
  };
}

/**
 * One subscriber handle and its peer connection, receiving `feeds` (publisher ids); add(feeds) subscribes to more, one
 * renegotiation at a time. streams maps each m-section's mid to the feed's display name and the kind.
 */
class Subscriber {
  constructor(participant) {
    this.participant = participant;
    this.streams = new Map();
    this.chain = Promise.resolve();
    this.joined = false;
  }

  add(feeds) {
    this.chain = this.chain.then(() => this.subscribe(feeds));
    return this.chain;
  }

  async subscribe(feeds) {
    const {participant} = this;
    const streams = feeds.map((feed) => ({feed}));
    let answer;
    if (!this.joined) {
      this.handle = await participant.session.attach('janus.plugin.videoroom');
      this.handle.onEvent((m) => participant.handleEvent('subscriber', m));
      this.pc = participant.newPeerConnection('subscriber');
      answer = await this.handle.message({request: 'join', ptype: 'subscriber', room: participant.room, streams});
      this.joined = true;
    } else {
      answer = await this.handle.message({request: 'subscribe', streams});
    }
    if (answer.data.streams) {
      for (const s of answer.data.streams) {
        if (s.feed_display && (s.type === 'audio' || s.type === 'video')) this.streams.set(s.mid, {from: s.feed_display, kind: s.type});
      }
    }
    if (!answer.jsep) return;
    const offer = participant.sdp === 'native' ? answer.jsep.sdp : likeTheNode(answer.jsep.sdp);
    await this.pc.setRemoteDescription({type: 'offer', sdp: offer});
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await gathered(this.pc);
    await this.handle.message({request: 'start'}, {type: 'answer', sdp: this.pc.localDescription.sdp});
  }
}

/**
 * A participant of `room` at Janus's `url`, shown as `display`, publishing `tracks` ({audio, video}) and subscribing
 * to every other publisher. newPeerConnection(role) makes its peer connections ('publisher', 'subscriber');
 * answered(sdp) rewrites Janus's answer to the publisher before it is applied (to cap the encoder's bitrate),
 * onFailed(error) runs on any failure.
 * `subscription` and `sdp` as above. Returns the participant: publisher and subscribers (their peer connections),
 * offers, answers, leave().
 */
export async function join(options) {
  const {url, room, display, tracks, newPeerConnection, subscription = 'multistream', sdp = 'matched', answered = (s) => s, onFailed} = options;
  const participant = {
    room, display, newPeerConnection, subscription, sdp, subscribers: [], offers: 0, answers: 0, closing: false,
    feeds: new Set(),
    handleEvent(role, m) {
      if (participant.closing) return;
      if (m.janus === 'hangup' || m.janus === 'detached') onFailed(new Error(`${display}: janus ${role} ${m.janus} ${m.reason || ''}`));
      const data = m.plugindata && m.plugindata.data;
      if (role === 'publisher' && data && data.publishers) participant.follow(data.publishers);
    },
    /** Subscribes to publishers not yet followed. */
    follow(publishers) {
      const fresh = publishers.map((p) => p.id).filter((id) => !participant.feeds.has(id));
      if (!fresh.length) return;
      fresh.forEach((id) => participant.feeds.add(id));
      const groups = subscription === 'per-feed' ? fresh.map((id) => [id]) : [fresh];
      for (const feeds of groups) {
        let subscriber = subscription === 'per-feed' ? null : participant.subscribers[0];
        if (!subscriber) {
          subscriber = new Subscriber(participant);
          participant.subscribers.push(subscriber);
        }
        participant.offers++;
        subscriber.add(feeds).then(
          () => participant.answers++,
          (e) => participant.closing || onFailed(new Error(`${display}: subscribing to ${feeds.join(',')}: ${e.message}`)),
        );
      }
    },
    leave() {
      participant.closing = true;
      participant.session.destroy();
      participant.publisher.close();
      participant.subscribers.forEach((s) => s.pc && s.pc.close());
    },
  };
  participant.session = await session(url, {
    onClose: (code, reason) => participant.closing || onFailed(new Error(`${display}: janus connection closed ${code} ${reason}`)),
  });
  const handle = await participant.session.attach('janus.plugin.videoroom');
  handle.onEvent((m) => participant.handleEvent('publisher', m));
  const joined = await handle.message({request: 'join', ptype: 'publisher', room, display});

  const pc = newPeerConnection('publisher');
  participant.publisher = pc;
  pc.addTransceiver(tracks.audio, {direction: 'sendonly'});
  pc.addTransceiver(tracks.video, {direction: 'sendonly'});
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const offer = sdp === 'native' ? pc.localDescription.sdp : likeTheNode(pc.localDescription.sdp);
  const published = await handle.message({request: 'publish'}, {type: 'offer', sdp: offer});
  await pc.setRemoteDescription({type: published.jsep.type, sdp: answered(published.jsep.sdp)});
  participant.publishedSdp = offer;
  participant.answerSdp = published.jsep.sdp;
  participant.follow(joined.data.publishers || []);
  return participant;
}
