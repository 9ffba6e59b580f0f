// A worker process of the load driver: hosts a few libwebrtc participants (@roamhq/wrtc) and does what load.mjs asks
// over IPC. Each participant publishes synthetic video (VP8) and audio (Opus, 10 ms frames) and subscribes to everyone
// else, signaling through signaling.mjs (the media node: one peer connection, the node offers) or janus.mjs (Janus's
// VideoRoom: a publisher and a subscriber peer connection, or one per remote publisher with --janus-subscription).
//
// Why processes: libwebrtc runs every peer connection of a process on one network thread and one worker thread, and
// Node.js adds its main thread; 16 peers in one process saturate those threads (decoding 240 video streams) long before
// the machine's cores are busy. A few peers per process spread that work over the cores.
//
// Messages from the parent: {type: 'join', id, signalingUrl, sessionId, name, token, video} (the node) or
// {type: 'join', id, janusUrl, room, name, subscription, sdp, video} (Janus), {type: 'inbound', id}, {type: 'leave', id}
// (that participant leaves), {type: 'close'} (all leave, the process ends).
// Replies: {type: 'connected', id}, {type: 'failed', id, error}, {type: 'inbound', id, ...stats}, {type: 'left', id}.

import wrtc from '@roamhq/wrtc';
import * as janus from './janus.mjs';
import {connect} from './signaling.mjs';

const {RTCPeerConnection, MediaStream} = wrtc;
const {RTCVideoSource, RTCAudioSource} = wrtc.nonstandard;

const clients = new Map();
const sources = new Set();
let media = null;

// ---- synthetic media: one clock drives every source of this process ----
const MAX_AUDIO_CATCH_UP = 10;
function startMedia(video) {
  const frame = new Uint8Array(video.width * video.height * 1.5);
  const samples = new Int16Array(480);
  let tick = 0;
  let noise = 12345;
  const videoTimer = setInterval(() => {
    tick++;
    // A moving gradient plus a little noise in the luma plane, so the encoder keeps producing real frames of a size
    // set by its target bitrate rather than near-empty ones.
    for (let i = 0; i < video.width * video.height; i++) {
      noise = (noise * 1103515245 + 12345) & 0x7fffffff;
      frame[i] = ((i % video.width) + tick * 3 + ((noise >> 16) & video.noise)) & 0xff;
    }
    for (const s of sources) s.video.onFrame({width: video.width, height: video.height, data: frame});
  }, 1000 / video.fps);
  // Audio frames are due by the clock, not by the timer's ticks: the timer fires late whenever a video frame's work holds
  // the thread, and a source that sends less than real time makes every receiver conceal what is missing (13 % of the
  // samples on a busy 2-core machine). A stall longer than MAX_AUDIO_CATCH_UP frames is skipped, as a sound card would.
  const started = performance.now();
  let audioFrames = 0;
  const audioTimer = setInterval(() => {
    const due = Math.floor((performance.now() - started) / 10);
    audioFrames = Math.max(audioFrames, due - MAX_AUDIO_CATCH_UP);
    for (; audioFrames < due; audioFrames++) {
      for (let i = 0; i < samples.length; i++) samples[i] = Math.round(3000 * Math.sin((audioFrames * 480 + i) / 10));
      for (const s of sources) {
        s.audio.onData({samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480});
      }
    }
  }, 10);
  return {video, stop: () => (clearInterval(videoTimer), clearInterval(audioTimer))};
}

/**
 * What one peer connection reports: what it sent (outbound-rtp, by kind), the streams it received packets of ({kind,
 * ssrc: streamOf(inbound-rtp), height, framesDecoded, and for audio the samples played and concealed}), its SRTP cipher, and counts: the RTP packets it received (inbound-rtp packetsReceived,
 * summed), their bytes (payload and RTP header), the packets it lost (packetsLost: missing sequence numbers) and the
 * time of the statistics (ms).
 */
async function pcStats(pc, streamOf) {
  const stats = await pc.getStats();
  const received = [];
  const sent = {};
  const counts = {packets: 0, bytes: 0, lost: 0, at: 0};
  let cipher = null;
  stats.forEach((s) => {
    if (s.type === 'outbound-rtp') {
      // a simulcast sender has one outbound-rtp per layer
      const kind = (sent[s.kind] = sent[s.kind] || {packets: 0, bytes: 0});
      kind.packets += s.packetsSent || 0;
      kind.bytes += s.bytesSent || 0;
    }
    if (s.type === 'inbound-rtp') {
      if (s.packetsReceived > 0) {
        received.push({
          kind: s.kind, ssrc: streamOf(s), height: s.frameHeight, framesDecoded: s.framesDecoded || 0,
          samples: s.totalSamplesReceived || 0, concealed: s.concealedSamples || 0,
        });
      }
      counts.packets += s.packetsReceived || 0;
      counts.bytes += (s.bytesReceived || 0) + (s.headerBytesReceived || 0);
      counts.lost += s.packetsLost || 0;
    }
    if (s.type === 'transport' && s.srtpCipher) cipher = s.srtpCipher;
    counts.at = Math.max(counts.at, s.timestamp || 0);
  });
  counts.at = counts.at || Date.now();
  return {sent, received, cipher, counts};
}

/**
 * `sdp`, a remote description, with every video section limited to `maxBitrate` (b=TIAS, and b=AS for whoever reads
 * only that), which caps what this side's video encoder sends: RTCRtpSender.setParameters fails with
 * InvalidStateError in @roamhq/wrtc 0.10, so the cap goes through the SDP. A simulcast sender shares it among its
 * layers as libwebrtc does.
 */
function capVideo(sdp, maxBitrate) {
  if (!maxBitrate) return sdp;
  const [head, ...sections] = sdp.split('\r\nm=');
  const capped = sections.map((section) => {
    if (!section.startsWith('video')) return section;
    const lines = section.split('\r\n').filter((line) => !line.startsWith('b='));
    const at = lines.findIndex((line) => line.startsWith('c=')) + 1 || 1;
    lines.splice(at, 0, `b=AS:${Math.round(maxBitrate / 1000)}`, `b=TIAS:${maxBitrate}`);
    return lines.join('\r\n');
  });
  return [head, ...capped].join('\r\nm=');
}

/** `sdp`, a media node's offer, without its request for simulcast layers (rids), as a browser without simulcast reads it. */
const withoutSimulcast = (sdp) => sdp.replace(/a=(rid|simulcast):[^\r]*\r\n/g, '');

/**
 * The streams a media node's offer forwards, by SSRC: "publisher/kind", the publisher named as the node names it (the
 * msid of each a=ssrc line), so a stream is found whatever SSRC the node forwards it under (a simulcast publisher's
 * layers all reach a subscriber as one SSRC of the node's choosing).
 */
function forwardedStreams(sdp) {
  const streams = new Map();
  for (const section of sdp.split('\r\nm=').slice(1)) {
    const kind = section.split(' ')[0];
    for (const [, ssrc, publisher] of section.matchAll(/a=ssrc:(\d+) msid:(\S+)/g)) streams.set(ssrc, `${publisher}/${kind}`);
  }
  return streams;
}

/** A participant of a media-node session: one peer connection; the node offers, the participant answers. */
class Client {
  constructor({id, signalingUrl, sessionId, name, token, video}) {
    this.id = id;
    this.signalingUrl = signalingUrl;
    this.sessionId = sessionId;
    this.name = name;
    this.token = token;
    this.maxBitrate = video.maxBitrate;
    this.simulcast = video.simulcast;
    this.streams = new Map();
    this.video = new RTCVideoSource();
    this.audio = new RTCAudioSource();
    this.tracks = {video: this.video.createTrack(), audio: this.audio.createTrack()};
    this.stream = new MediaStream([this.tracks.audio, this.tracks.video]);
    this.chain = Promise.resolve();
    this.offers = 0;
    this.answers = 0;
  }

  start() {
    const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
    this.pc = pc;
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected') process.send({type: 'connected', id: this.id});
      if (pc.connectionState === 'failed') process.send({type: 'failed', id: this.id, error: `${this.name}: connection failed`});
    };
    this.signaling = connect({
      url: this.signalingUrl, sessionId: this.sessionId, token: this.token, pc,
      onJoined: (self) => (this.ssrcs = [`${self.id}/audio`, `${self.id}/video`]),
      onOffer: (m) => {
        this.offers++;
        this.chain = this.chain.then(() => this.answer(m)).catch((e) => {
          if (!this.closing) process.send({type: 'failed', id: this.id, error: `${this.name}: answering offer ${m.version} failed: ${e}`});
        });
      },
      onClose: (code, reason) => {
        if (!this.closing) process.send({type: 'failed', id: this.id, error: `${this.name}: signaling closed ${code} ${reason}`});
      },
    });
    sources.add(this);
  }

  async answer(offer) {
    const sdp = this.simulcast ? offer.sdp : withoutSimulcast(offer.sdp);
    await this.pc.setRemoteDescription({type: 'offer', sdp: capVideo(sdp, this.maxBitrate)});
    for (const t of this.pc.getTransceivers()) {
      const kind = t.mid === offer.uplink.audio ? 'audio' : t.mid === offer.uplink.video ? 'video' : null;
      if (!kind) continue;
      t.direction = 'sendonly';
      if (t.sender.track !== this.tracks[kind]) await t.sender.replaceTrack(this.tracks[kind]);
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    this.streams = forwardedStreams(offer.sdp);
    this.signaling.answer(offer, this.pc.localDescription.sdp);
    this.answers++;
  }

  async inbound() {
    const streamOf = (s) => this.streams.get(String(s.ssrc)) || String(s.ssrc);
    const {sent, received, cipher, counts} = await pcStats(this.pc, streamOf);
    return {
      received, sent, cipher, counts: [{key: 'pc', ...counts}], ssrcs: this.ssrcs || [], offers: this.offers,
      answers: this.answers, signalingState: this.pc.signalingState, connectionState: this.pc.connectionState,
    };
  }

  close() {
    this.closing = true;
    sources.delete(this);
    try {
      this.signaling.leave();
    } catch (e) {
      /* already closed */
    }
    this.pc.close();
    this.tracks.audio.stop();
    this.tracks.video.stop();
  }
}

/**
 * A participant of a Janus VideoRoom (janus.mjs): a publisher peer connection and subscriber ones, behind the same
 * interface as Client. Janus gives each subscriber stream an SSRC of its own, so received streams are named by the
 * publisher's display name and kind (from Janus's mid-to-feed table), and so are this participant's own (ssrcs).
 */
class JanusClient {
  constructor({id, janusUrl, room, name, subscription, sdp, video}) {
    Object.assign(this, {id, janusUrl, room, name, subscription, sdp, maxBitrate: video.maxBitrate});
    this.video = new RTCVideoSource();
    this.audio = new RTCAudioSource();
    this.tracks = {video: this.video.createTrack(), audio: this.audio.createTrack()};
    this.ssrcs = [`${name}/audio`, `${name}/video`];
  }

  start() {
    const failed = (e) => {
      if (!this.closing) process.send({type: 'failed', id: this.id, error: `${this.name}: ${e.message || e}`});
    };
    sources.add(this);
    janus
      .join({
        url: this.janusUrl, room: this.room, display: this.name, tracks: this.tracks, subscription: this.subscription, sdp: this.sdp,
        newPeerConnection: (role) => {
          const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
          pc.onconnectionstatechange = () => {
            if (role === 'publisher' && pc.connectionState === 'connected') process.send({type: 'connected', id: this.id});
            if (pc.connectionState === 'failed') failed(new Error(`${role} connection failed`));
          };
          return pc;
        },
        answered: (sdp) => capVideo(sdp, this.maxBitrate),
        onFailed: failed,
      })
      .then((participant) => {
        this.participant = participant;
        if (this.closing) participant.leave();
      }, failed);
  }

  async inbound() {
    const p = this.participant;
    if (!p) {
      return {
        received: [], sent: {}, cipher: null, counts: [], ssrcs: this.ssrcs, offers: 0, answers: 0, signalingState: 'new',
        connectionState: 'joining',
      };
    }
    const published = await pcStats(p.publisher, () => null);
    const subscribed = await Promise.all(
      p.subscribers.filter((s) => s.pc).map(async (s) => {
        // inbound-rtp names its m-section by mid, or only by its track: find the mid through the transceivers
        const midOfTrack = new Map(s.pc.getTransceivers().map((t) => [t.receiver.track && t.receiver.track.id, t.mid]));
        const stream = (st) => s.streams.get(st.mid !== undefined ? st.mid : midOfTrack.get(st.trackIdentifier));
        const stats = await pcStats(s.pc, (st) => {
          const found = stream(st);
          return found ? `${found.from}/${found.kind}` : `unknown ssrc ${st.ssrc}`;
        });
        return {...stats, key: `subscriber ${p.subscribers.indexOf(s)}`, state: s.pc.connectionState};
      }),
    );
    return {
      received: subscribed.flatMap((s) => s.received),
      sent: published.sent,
      cipher: published.cipher,
      counts: subscribed.map((s) => ({key: s.key, ...s.counts})),
      ssrcs: this.ssrcs,
      offers: p.offers,
      answers: p.answers,
      signalingState: p.publisher.signalingState,
      connectionState: `publisher ${p.publisher.connectionState}, subscribers ${subscribed.map((s) => s.state).join(' ') || 'none'}`,
    };
  }

  close() {
    this.closing = true;
    sources.delete(this);
    if (this.participant) this.participant.leave();
    this.tracks.audio.stop();
    this.tracks.video.stop();
  }
}

process.on('message', async (m) => {
  if (m.type === 'join') {
    media = media || startMedia(m.video);
    const client = m.janusUrl ? new JanusClient(m) : new Client(m);
    clients.set(m.id, client);
    client.start();
  } else if (m.type === 'inbound') {
    process.send({type: 'inbound', id: m.id, ...(await clients.get(m.id).inbound())});
  } else if (m.type === 'leave') {
    const client = clients.get(m.id);
    clients.delete(m.id);
    client.close();
    process.send({type: 'left', id: m.id});
  } else if (m.type === 'close') {
    clients.forEach((c) => c.close());
    if (media) media.stop();
    setTimeout(() => process.exit(0), 500);
  }
});
process.on('disconnect', () => process.exit(0));
