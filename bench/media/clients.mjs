// A worker process of the load driver: hosts a few libwebrtc participants (@roamhq/wrtc) and does what load.mjs asks
// over IPC. Each participant publishes synthetic video (VP8) and audio (Opus, 10 ms frames) and subscribes to everyone
// else, signaling through signaling.mjs.
//
// Why processes: libwebrtc runs every peer connection of a process on one network thread and one worker thread, and
// Node.js adds its main thread; 16 peers in one process saturate those threads (decoding 240 video streams) long before
// the machine's cores are busy. A few peers per process spread that work over the cores.
//
// Messages from the parent: {type: 'join', id, signalingUrl, sessionId, name, token, video}, {type: 'inbound', id},
// {type: 'close'}. Replies: {type: 'connected', id}, {type: 'failed', id, error}, {type: 'inbound', id, ...stats}.

import wrtc from '@roamhq/wrtc';
import {connect} from './signaling.mjs';

const {RTCPeerConnection, MediaStream} = wrtc;
const {RTCVideoSource, RTCAudioSource} = wrtc.nonstandard;

const clients = new Map();
const sources = new Set();
let media = null;

// ---- synthetic media: one clock drives every source of this process ----
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
  const audioTimer = setInterval(() => {
    for (let i = 0; i < samples.length; i++) samples[i] = Math.round(3000 * Math.sin((tick * 480 + i) / 10));
    for (const s of sources) {
      s.audio.onData({samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480});
    }
  }, 10);
  return {video, stop: () => (clearInterval(videoTimer), clearInterval(audioTimer))};
}

class Client {
  constructor({id, signalingUrl, sessionId, name, token, video}) {
    this.id = id;
    this.signalingUrl = signalingUrl;
    this.sessionId = sessionId;
    this.name = name;
    this.token = token;
    this.maxBitrate = video.maxBitrate;
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
    await this.pc.setRemoteDescription({type: 'offer', sdp: offer.sdp});
    for (const t of this.pc.getTransceivers()) {
      const kind = t.mid === offer.uplink.audio ? 'audio' : t.mid === offer.uplink.video ? 'video' : null;
      if (!kind) continue;
      t.direction = 'sendonly';
      if (t.sender.track !== this.tracks[kind]) await t.sender.replaceTrack(this.tracks[kind]);
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    const sdp = this.pc.localDescription.sdp;
    this.ssrcs = sdp.split('m=').slice(1, 3).map((section) => (section.match(/a=ssrc:(\d+)/) || [])[1]);
    this.signaling.answer(offer, sdp);
    this.answers++;
    await this.capVideoBitrate();
  }

  /** The publisher's video encoder aims at this bitrate at most (a browser's default for the size is higher). */
  async capVideoBitrate() {
    const sender = this.pc.getSenders().find((s) => s.track === this.tracks.video);
    if (!sender || !this.maxBitrate) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings || !parameters.encodings.length) return;
    if (parameters.encodings[0].maxBitrate === this.maxBitrate) return;
    parameters.encodings[0].maxBitrate = this.maxBitrate;
    await sender.setParameters(parameters).catch(() => {});
  }

  async inbound() {
    const stats = await this.pc.getStats();
    const received = [];
    const sent = {};
    let cipher = null;
    stats.forEach((s) => {
      if (s.type === 'outbound-rtp') sent[s.kind] = {packets: s.packetsSent, bytes: s.bytesSent};
      if (s.type === 'inbound-rtp' && s.packetsReceived > 0) received.push({kind: s.kind, ssrc: String(s.ssrc)});
      if (s.type === 'transport' && s.srtpCipher) cipher = s.srtpCipher;
    });
    return {
      received, sent, cipher, ssrcs: this.ssrcs || [], offers: this.offers, answers: this.answers,
      signalingState: this.pc.signalingState, connectionState: this.pc.connectionState,
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

process.on('message', async (m) => {
  if (m.type === 'join') {
    media = media || startMedia(m.video);
    const client = new Client(m);
    clients.set(m.id, client);
    client.start();
  } else if (m.type === 'inbound') {
    process.send({type: 'inbound', id: m.id, ...(await clients.get(m.id).inbound())});
  } else if (m.type === 'close') {
    clients.forEach((c) => c.close());
    if (media) media.stop();
    setTimeout(() => process.exit(0), 500);
  }
});
process.on('disconnect', () => process.exit(0));
