// MediRelay media-node load driver.
//
// Starts the media node (the built jar) as its own process on loopback, serves it a JWKS, and connects libwebrtc
// clients (@roamhq/wrtc) that publish synthetic audio (Opus, 50 packets/s) and video (VP8) and subscribe to everyone
// else, speaking the node's signaling protocol exactly as the browser client (call.js) does. For each scenario it
// reports, over a measurement window after a warm-up:
//   - the node's CPU time per forwarded RTP packet, from /proc/<node pid>/stat (utime + stime), so the clients' CPU
//     does not count; shown gross, and net of the node's idle CPU (timers, consent checks, GC) measured first;
//   - forwarded RTP packets per second (the node's medirelay_media_rtp_forwarded_total);
//   - the latency the node adds: arrival on the media port to the forwarded copy leaving the socket, from the node's
//     medirelay_media_forward_latency histogram (mean, p50, p99 as bucket upper bounds);
//   - whether every subscriber actually received (inbound-rtp packets rising on a sample of clients).
//
// Usage: node load.mjs [scenarios] [--window=10] [--warmup=5]
//   scenarios: comma-separated SESSIONSxPARTICIPANTS, default 1x2,1x4,1x8,1x16,8x2
//   --window / --warmup: seconds (defaults 10 and 8); an unreported 1x4 run warms the JIT first (--no-jit-warmup)
//   env MEDIA_NODE_JAR: the node's jar (default ../../media-node/target/medirelay-media-node-0.1.0-SNAPSHOT.jar)

import wrtc from '@roamhq/wrtc';
import WebSocket from 'ws';
import {spawn, execSync} from 'node:child_process';
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';

const {RTCPeerConnection, MediaStream} = wrtc;
const {RTCVideoSource, RTCAudioSource} = wrtc.nonstandard;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const scenarios = (args.find((a) => !a.startsWith('--')) || '1x2,1x4,1x8,1x16,8x2')
  .split(',')
  .map((s) => s.split('x').map(Number))
  .map(([sessions, participants]) => ({sessions, participants}));
const WINDOW_S = option('window', 10);
const WARMUP_S = option('warmup', 8);
const VIDEO = {width: 160, height: 120, fps: 15};
const JAR =
  process.env.MEDIA_NODE_JAR ||
  fileURLToPath(new URL('../../media-node/target/medirelay-media-node-0.1.0-SNAPSHOT.jar', import.meta.url));
const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- token issuer: an EC P-256 key, its JWKS on loopback, ES256 join tokens ----
const {publicKey, privateKey} = crypto.generateKeyPairSync('ec', {namedCurve: 'P-256'});
const jwk = {...publicKey.export({format: 'jwk'}), kid: 'bench', alg: 'ES256', use: 'sig'};
const jwksServer = http.createServer((req, res) => {
  if (req.url === '/.well-known/jwks.json') {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(JSON.stringify({keys: [jwk]}));
  } else {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => jwksServer.listen(0, '127.0.0.1', r));
const appUrl = `http://127.0.0.1:${jwksServer.address().port}`;
const b64url = (data) => Buffer.from(data).toString('base64url');

function token(sessionId, name) {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({alg: 'ES256', kid: 'bench', typ: 'JWT'}));
  const payload = b64url(
    JSON.stringify({
      iss: appUrl, aud: 'medirelay-media', sub: `u-${name}`, name, role: 'participant', sid: sessionId,
      node: 'bench-node', grants: ['publish', 'subscribe'], iat: now, nbf: now, exp: now + 3600,
      jti: crypto.randomUUID(),
    }),
  );
  const signature = crypto.sign('sha256', Buffer.from(`${header}.${payload}`), {key: privateKey, dsaEncoding: 'ieee-p1363'});
  return `${header}.${payload}.${b64url(signature)}`;
}

// ---- the media node, as its own process ----
if (!fs.existsSync(JAR)) {
  console.error(`No media-node jar at ${JAR}: build it with mvn -B -q -pl media-node -am install -DskipTests`);
  process.exit(2);
}
const node = spawn('java', ['-Xmx512m', '-jar', JAR], {
  env: {
    ...process.env, MEDIA_NODE_ID: 'bench-node', MEDIA_UDP_PORT: '0', MEDIA_SIGNALING_PORT: '0',
    MEDIA_BIND_ADDRESSES: '127.0.0.1', MEDIA_SIGNALING_HOST: '127.0.0.1', APP_URL: appUrl, MEDIA_NODE_SECRET: '',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const nodeUp = await new Promise((resolve, reject) => {
  let out = '';
  node.stdout.on('data', (chunk) => {
    out += chunk;
    const m = out.match(/signaling (ws:\/\/\S+), UDP port (\d+)/);
    if (m) resolve({signalingUrl: m[1], udpPort: Number(m[2])});
  });
  node.stderr.on('data', (chunk) => (process.env.BENCH_VERBOSE ? process.stderr.write(chunk) : null));
  node.on('exit', (code) => reject(new Error(`media node exited with ${code}`)));
  setTimeout(() => reject(new Error('media node did not start in 60 s')), 60000);
});
const metricsUrl = nodeUp.signalingUrl.replace('ws://', 'http://').replace(/\/ws$/, '/metrics');
const stopAll = () => {
  node.kill('SIGTERM');
  jwksServer.close();
};
process.on('exit', () => node.kill('SIGKILL'));

function nodeCpu() {
  const fields = fs.readFileSync(`/proc/${node.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return {user: Number(fields[11]), system: Number(fields[12])}; // utime, stime: fields 14 and 15 of the whole line
}

function nodeCpuTicks() {
  const cpu = nodeCpu();
  return cpu.user + cpu.system;
}

async function nodeMetrics() {
  const text = await (await fetch(metricsUrl)).text();
  const value = (name) => {
    const line = text.split('\n').find((l) => l.startsWith(name + ' '));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const buckets = text
    .split('\n')
    .filter((l) => l.startsWith('medirelay_media_forward_latency_seconds_bucket{'))
    .map((l) => ({le: l.match(/le="([^"]+)"/)[1], count: Number(l.split(' ').pop())}))
    .map((b) => ({le: b.le === '+Inf' ? Infinity : Number(b.le), count: b.count}))
    .sort((a, b) => a.le - b.le);
  return {
    forwarded: value('medirelay_media_rtp_forwarded_total'),
    packetsIn: value('medirelay_media_packets_in_total'),
    latencySum: value('medirelay_media_forward_latency_seconds_sum'),
    latencyCount: value('medirelay_media_forward_latency_seconds_count'),
    srtpFailures: value('medirelay_media_srtp_failures_total'),
    buckets,
  };
}

function percentile(before, after, q) {
  const deltas = after.buckets.map((b, i) => ({le: b.le, count: b.count - (before.buckets[i] ? before.buckets[i].count : 0)}));
  const total = deltas.length ? deltas[deltas.length - 1].count : 0;
  if (!total) return NaN;
  const found = deltas.find((b) => b.count >= q * total);
  return found ? found.le : Infinity;
}

// ---- synthetic media: one clock drives every source ----
const frame = new Uint8Array(VIDEO.width * VIDEO.height * 1.5);
const samples = new Int16Array(480);
let tick = 0;
const sources = new Set();
const videoTimer = setInterval(() => {
  tick++;
  // a moving gradient, so the encoder keeps producing real (non-empty) frames
  for (let i = 0; i < VIDEO.width * VIDEO.height; i += 7) frame[i] = (i + tick * 5) & 0xff;
  for (const s of sources) s.video.onFrame({width: VIDEO.width, height: VIDEO.height, data: frame});
}, 1000 / VIDEO.fps);
const audioTimer = setInterval(() => {
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(3000 * Math.sin((tick * 480 + i) / 10));
  for (const s of sources) {
    s.audio.onData({samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480});
  }
}, 10);

// ---- one participant: signaling as call.js does it ----
class Client {
  constructor(sessionId, name) {
    this.sessionId = sessionId;
    this.name = name;
    this.video = new RTCVideoSource();
    this.audio = new RTCAudioSource();
    this.tracks = {video: this.video.createTrack(), audio: this.audio.createTrack()};
    this.stream = new MediaStream([this.tracks.audio, this.tracks.video]);
    this.chain = Promise.resolve();
    this.connected = new Promise((resolve, reject) => {
      this.onConnected = resolve;
      this.onFailed = reject;
    });
  }

  start() {
    const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
    this.pc = pc;
    pc.onicecandidate = (e) => e.candidate && e.candidate.candidate && this.send({type: 'candidate', candidate: e.candidate.candidate});
    pc.onconnectionstatechange = () => {
      if (process.env.BENCH_VERBOSE) console.error(`${this.name}: ${pc.connectionState}`);
      if (pc.connectionState === 'connected') this.onConnected();
      if (pc.connectionState === 'failed') this.onFailed(new Error(`${this.name}: connection failed`));
    };
    this.ws = new WebSocket(nodeUp.signalingUrl);
    this.ws.on('open', () => this.send({type: 'join', sessionId: this.sessionId, token: token(this.sessionId, this.name)}));
    this.ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === "offer") this.offers = (this.offers || 0) + 1;
      if (m.type === "offer") this.chain = this.chain.then(() => this.answer(m)).catch((e) => { if (!this.closing) { console.error(`${this.name}: answering offer ${m.version} failed: ${e}`); this.onFailed(e); } });
    });
    this.ws.on('close', (code, reason) => {
      if (!this.closing) {
        console.error(`${this.name}: signaling closed ${code} ${reason}`);
        this.onFailed(new Error(`${this.name}: signaling closed ${code} ${reason}`));
      }
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
    this.send({type: 'answer', version: offer.version, sdp});
    this.answers = (this.answers || 0) + 1;
  }

  send(message) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  async inbound() {
    const stats = await this.pc.getStats();
    let audio = 0;
    let video = 0;
    const ssrcs = new Set();
    const sent = {};
    stats.forEach((s) => {
      if (s.type === 'outbound-rtp') sent[s.kind] = s.packetsSent;
      if (s.type === 'inbound-rtp' && s.packetsReceived > 0) {
        s.kind === 'audio' ? audio++ : video++;
        ssrcs.add(String(s.ssrc));
      }
    });
    return {audio, video, ssrcs, sent};
  }

  close() {
    this.closing = true;
    sources.delete(this);
    try {
      this.send({type: 'leave'});
      this.ws.close();
    } catch (e) {
      /* already closed */
    }
    this.pc.close();
    this.tracks.audio.stop();
    this.tracks.video.stop();
  }
}

async function run({sessions, participants}) {
  const clients = [];
  for (let s = 0; s < sessions; s++) {
    for (let p = 0; p < participants; p++) {
      const c = new Client(`bench-${sessions}x${participants}-${s}`, `p${s}-${p}`);
      clients.push(c);
      c.start();
      await sleep(250); // joins arrive close together, as in a real consult, but not all in one tick
    }
  }
  await Promise.race([Promise.all(clients.map((c) => c.connected)), sleep(60000).then(() => {
    throw new Error('not every client connected within 60 s');
  })]);
  await sleep(WARMUP_S * 1000);
  const before = await nodeMetrics();
  const cpuBefore = nodeCpuTicks();
  const systemBefore = nodeCpu().system;
  await sleep(WINDOW_S * 1000);
  const cpuAfter = nodeCpuTicks();
  const systemShare = cpuAfter > cpuBefore ? (nodeCpu().system - systemBefore) / (cpuAfter - cpuBefore) : NaN;
  const after = await nodeMetrics();
  const expectedStreams = participants - 1;
  const sample = participants > 2 ? clients : clients.filter((_, i) => i % participants === 0);
  const received = await Promise.all(sample.map((c) => c.inbound()));
  const allReceive = received.every((r) => r.audio >= expectedStreams && r.video >= expectedStreams);
  if (!allReceive) {
    received.forEach((r, i) => {
      const me = sample[i];
      const missing = clients
        .filter((c) => c !== me && c.sessionId === me.sessionId)
        .flatMap((c) => (c.ssrcs || []).map((ssrc, k) => ({ssrc, what: `${c.name} ${k ? 'video' : 'audio'}`})))
        .filter((x) => !r.ssrcs.has(x.ssrc))
        .map((x) => x.what);
      if (process.env.BENCH_VERBOSE) console.error(`${me.name} sent ${JSON.stringify(r.sent)}`);
      if (missing.length) {
        console.error(`${me.name} (offers ${me.offers}, answers ${me.answers}, ${me.pc.signalingState}, ${me.pc.connectionState}) receives nothing of: ${missing.join(', ')}`);
      }
    });
    const text = await (await fetch(metricsUrl)).text();
    console.error(text.split('\n').filter((l) => /^medirelay_media_(rtp_unpublished|srtp_failures|packets_early|packets_malformed|packets_wrong|internal)/.test(l)).join('\n'));
  }
  clients.forEach((c) => c.close());
  await sleep(2000);

  const forwarded = after.forwarded - before.forwarded;
  const cpuSeconds = (cpuAfter - cpuBefore) / CLK_TCK;
  const latencyCount = after.latencyCount - before.latencyCount;
  return {
    scenario: `${sessions} × ${participants}`,
    participants: sessions * participants,
    forwardedPerSecond: forwarded / WINDOW_S,
    cpuPercent: (100 * cpuSeconds) / WINDOW_S,
    cpuMicrosPerPacket: forwarded ? (cpuSeconds * 1e6) / forwarded : NaN,
    cpuSeconds,
    forwarded,
    systemShare,
    latencyMeanMicros: latencyCount ? ((after.latencySum - before.latencySum) / latencyCount) * 1e6 : NaN,
    latencyP50Micros: percentile(before, after, 0.5) * 1e6,
    latencyP99Micros: percentile(before, after, 0.99) * 1e6,
    srtpFailures: after.srtpFailures - before.srtpFailures,
    allReceive,
  };
}

const results = [];
// An unreported first run, so JIT compilation of the packet path is not billed to the first measured scenario.
if (!args.includes('--no-jit-warmup')) {
  console.error('warming up the node (JIT) with an unreported 1 × 4 run…');
  await run({sessions: 1, participants: 4});
}
// The node's CPU with nobody connected: what it spends whatever the load, subtracted for the net figure.
await sleep(3000);
const idleBefore = nodeCpuTicks();
await sleep(WINDOW_S * 1000);
const idleCpuPercent = (100 * (nodeCpuTicks() - idleBefore)) / CLK_TCK / WINDOW_S;
try {
  for (const scenario of scenarios) {
    const result = await run(scenario);
    results.push(result);
    console.error(`done ${result.scenario}: ${JSON.stringify(result)}`);
  }
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  clearInterval(videoTimer);
  clearInterval(audioTimer);
  stopAll();
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : n === Infinity ? '>50000' : 'n/a');
console.log(`\nMediRelay media node, loopback, ${WINDOW_S} s window after ${WARMUP_S} s warm-up; ` +
  `video ${VIDEO.width}x${VIDEO.height}@${VIDEO.fps} VP8 + Opus per participant; ${execSync('nproc').toString().trim()} cores, ` +
  `load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log(`node CPU when idle: ${f(idleCpuPercent, 2)} % of a core`);
console.log('| sessions × participants | forwarded RTP/s | node CPU % | node CPU µs / forwarded packet (gross / net of idle) | kernel share of node CPU | added latency mean / p50 / p99 (µs) | all subscribers receive |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  const net = r.forwarded ? ((r.cpuSeconds - (idleCpuPercent / 100) * WINDOW_S) * 1e6) / r.forwarded : NaN;
  console.log(`| ${r.scenario} | ${f(r.forwardedPerSecond, 0)} | ${f(r.cpuPercent)} | ${f(r.cpuMicrosPerPacket)} / ${f(net)} | ${f(100 * r.systemShare, 0)} % | ` +
    `${f(r.latencyMeanMicros, 0)} / ≤${f(r.latencyP50Micros, 0)} / ≤${f(r.latencyP99Micros, 0)} | ${r.allReceive ? 'yes' : 'NO'} |`);
}
process.exit(process.exitCode || 0);
