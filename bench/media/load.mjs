// MediRelay media-node load driver.
//
// Starts the app and a media node (their built jars) as their own processes on loopback (servers.mjs), gets sessions
// and join tokens from the app's integration API as a clinic's backend does, and connects libwebrtc clients
// (@roamhq/wrtc, hosted a few per worker process by clients.mjs) that publish synthetic audio (Opus, 50 packets/s) and
// video (VP8) and subscribe to everyone else. For each scenario it reports, over a measurement window after a warm-up:
//   - the node's CPU time per forwarded RTP packet, from the node's threads' run time (/proc/<pid>/task/*/schedstat,
//     nanoseconds), so the clients' CPU does not count; shown gross, and net of the node's idle CPU (timers, consent
//     checks, GC) measured first; plus the kernel share (utime/stime) and which threads the CPU went to;
//   - forwarded RTP packets per second (the node's medirelay_media_rtp_forwarded_total);
//   - the latency the node adds: arrival on the media port to the forwarded copy leaving the socket, from the node's
//     medirelay_media_forward_latency histogram (mean, p50, p99 as bucket upper bounds);
//   - whether every subscriber actually received (inbound-rtp packets rising on a sample of clients).
//
// Usage: node load.mjs [scenarios] [--window=20] [--warmup=10] [--peers-per-worker=2] [--video=320x240@15]
//          [--max-bitrate=500000]
//   scenarios: comma-separated SESSIONSxPARTICIPANTS, default 1x2,1x4,1x8,1x16,4x2,8x2
//   --window / --warmup: seconds; an unreported 1x8 run warms the JIT first (--no-jit-warmup)
//   --video, --max-bitrate: each publisher's camera size and frame rate, and its encoder's bitrate cap (bit/s)
//   env APP_JAR, MEDIA_NODE_JAR, MEDIA_NODE_JAVA_OPTS, BENCH_VERBOSE: see servers.mjs

import {fork, execSync} from 'node:child_process';
import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import {args, option, scenarios} from './cli.mjs';
import {processTicks, threadRunTimes} from './proc.mjs';
import {startApp, startNode} from './servers.mjs';

const WINDOW_S = option('window', 20);
const WARMUP_S = option('warmup', 10);
const PEERS_PER_WORKER = option('peers-per-worker', 2);
const [, videoWidth, videoHeight, videoFps] = (
  (args.find((a) => a.startsWith('--video=')) || '--video=320x240@15').match(/=(\d+)x(\d+)@(\d+)/) || []
).map(Number);
// noise: a mask on the per-pixel noise the synthetic camera adds, so frames carry detail the encoder must spend bits on
const VIDEO = {width: videoWidth, height: videoHeight, fps: videoFps, maxBitrate: option('max-bitrate', 500000), noise: 31};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- the app and the media node, each as its own process ----
const app = await startApp();
const node = await startNode(app, 'bench-node');
const stopAll = async () => {
  await node.stop();
  await app.stop();
};

// ---- the node's CPU ----
/** The node's user and system clock ticks, for the kernel share. */
const nodeCpu = () => processTicks(node.pid);

/** Run time of each of the node's threads, by thread id, with names (see proc.mjs). */
const nodeThreads = () => threadRunTimes(node.pid);

/**
 * CPU seconds the node's threads ran between two snapshots, in total and by thread name. A thread that started in
 * between counts whole; one that ended in between (a departed participant's DTLS thread) loses its last moments.
 */
function threadSeconds(before, after) {
  const byName = {};
  let total = 0;
  for (const [tid, {name, nanos}] of after) {
    const seconds = (nanos - (before.has(tid) ? before.get(tid).nanos : 0)) / 1e9;
    byName[name] = (byName[name] || 0) + seconds;
    total += seconds;
  }
  return {byName, total};
}

/** The groups a thread breakdown shows: the packet path, JIT compilation, GC, everything else. */
function threadGroup(name) {
  if (name.startsWith('org.ice4j.ice.h')) return 'packet';
  if (/Compiler/.test(name)) return 'jit';
  if (/^G1|^GC /.test(name)) return 'gc';
  return 'other';
}

async function nodeMetrics() {
  const text = await (await fetch(node.metricsUrl)).text();
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
    packetsOut: value('medirelay_media_packets_out_total'),
    bytesOut: value('medirelay_media_bytes_out_total'),
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

// ---- participants, hosted by worker processes (clients.mjs) ----
const workerScript = fileURLToPath(new URL('./clients.mjs', import.meta.url));
let nextClientId = 0;

/** One worker process and the participants it hosts; answers to requests arrive as IPC messages. */
class Worker {
  constructor() {
    this.process = fork(workerScript, [], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
    this.pending = new Map();
    this.clients = new Map();
    this.process.on('message', (m) => {
      const client = this.clients.get(m.id);
      if (m.type === 'connected') client.onConnected();
      else if (m.type === 'failed') client.onFailed(new Error(m.error));
      else if (m.type === 'inbound') this.pending.get(m.id)(m);
    });
  }

  join(client) {
    this.clients.set(client.id, client);
    this.process.send({
      type: 'join', id: client.id, signalingUrl: node.signalingUrl, sessionId: client.sessionId, name: client.name,
      token: client.token, video: VIDEO,
    });
  }

  inbound(client) {
    return new Promise((resolve) => {
      this.pending.set(client.id, resolve);
      this.process.send({type: 'inbound', id: client.id});
    });
  }

  close() {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.send({type: 'close'});
    return Promise.race([exited, sleep(5000)]);
  }
}

class Client {
  constructor(worker, sessionId, name, token) {
    this.id = nextClientId++;
    this.worker = worker;
    this.sessionId = sessionId;
    this.name = name;
    this.token = token;
    this.connected = new Promise((resolve, reject) => {
      this.onConnected = resolve;
      this.onFailed = (e) => {
        if (process.env.BENCH_VERBOSE) console.error(e.message);
        reject(e);
      };
    });
    this.connected.catch(() => {}); // reported where it is awaited
  }

  start() {
    this.worker.join(this);
  }

  inbound() {
    return this.worker.inbound(this);
  }
}

let runs = 0;

async function run({sessions, participants}) {
  const total = sessions * participants;
  runs++;
  const booked = [];
  for (let s = 0; s < sessions; s++) {
    const names = Array.from({length: participants}, (_, p) => `p${s}-${p}`);
    booked.push({names, ...(await app.session(`bench-${runs}-${sessions}x${participants}-${s}`, names))});
  }
  const workers = Array.from({length: Math.ceil(total / PEERS_PER_WORKER)}, () => new Worker());
  const clients = [];
  for (const {names, sessionId, tokens} of booked) {
    for (const [p, name] of names.entries()) {
      const c = new Client(workers[clients.length % workers.length], sessionId, name, tokens[p]);
      clients.push(c);
      c.start();
      await sleep(250); // joins arrive close together, as in a real consult, but not all in one tick
    }
  }
  try {
    await Promise.race([Promise.all(clients.map((c) => c.connected)), sleep(60000).then(() => {
      throw new Error('not every client connected within 60 s');
    })]);
    await sleep(WARMUP_S * 1000);
    const sentBefore = (await Promise.all(clients.map((c) => c.inbound()))).map((r) => r.sent.video || {bytes: 0, packets: 0});
    const before = await nodeMetrics();
    const threadsBefore = nodeThreads();
    const systemBefore = nodeCpu();
    await sleep(WINDOW_S * 1000);
    const threadsAfter = nodeThreads();
    const systemAfter = nodeCpu();
    const after = await nodeMetrics();
    const ticks = systemAfter.user + systemAfter.system - systemBefore.user - systemBefore.system;
    const systemShare = ticks > 0 ? (systemAfter.system - systemBefore.system) / ticks : NaN;

    // Every subscriber must have received packets of every other publisher's audio and video in its session.
    const received = await Promise.all(clients.map((c) => c.inbound()));
    let allReceive = true;
    received.forEach((r, i) => {
      const me = clients[i];
      me.ssrcs = r.ssrcs;
      me.sent = r.sent;
    });
    received.forEach((r, i) => {
      const me = clients[i];
      const got = new Set(r.received.map((x) => x.ssrc));
      const missing = clients
        .filter((c) => c !== me && c.sessionId === me.sessionId)
        .flatMap((c) => c.ssrcs.map((ssrc, k) => ({ssrc, what: `${c.name} ${k ? 'video' : 'audio'}`})))
        .filter((x) => !x.ssrc || !got.has(x.ssrc))
        .map((x) => x.what);
      if (missing.length) {
        allReceive = false;
        console.error(`${me.name} (offers ${r.offers}, answers ${r.answers}, ${r.signalingState}, ${r.connectionState}) receives nothing of: ${missing.join(', ')}`);
      }
    });
    if (!allReceive) {
      const text = await (await fetch(node.metricsUrl)).text();
      console.error(text.split('\n').filter((l) => /^medirelay_media_(rtp_unpublished|srtp_failures|packets_early|packets_malformed|packets_wrong|internal)/.test(l)).join('\n'));
    }

    const forwarded = after.forwarded - before.forwarded;
    const ran = threadSeconds(threadsBefore, threadsAfter);
    const cpuSeconds = ran.total;
    const groups = {};
    for (const [name, seconds] of Object.entries(ran.byName)) {
      const group = threadGroup(name);
      groups[group] = (groups[group] || 0) + seconds;
    }
    const latencyCount = after.latencyCount - before.latencyCount;
    const videoSent = received.map((r, i) => {
      const video = r.sent.video || {bytes: 0, packets: 0};
      return {bytes: video.bytes - sentBefore[i].bytes, packets: video.packets - sentBefore[i].packets};
    });
    return {
      scenario: `${sessions} × ${participants}`,
      participants: total,
      forwardedPerSecond: forwarded / WINDOW_S,
      cpuPercent: (100 * cpuSeconds) / WINDOW_S,
      cpuMicrosPerPacket: forwarded ? (cpuSeconds * 1e6) / forwarded : NaN,
      cpuSeconds,
      groups,
      forwarded,
      systemShare,
      meanPacketBytes: (after.bytesOut - before.bytesOut) / (after.packetsOut - before.packetsOut),
      // what the publishers' video encoders sent in the window (outbound-rtp, roughly): mean bit rate and packet size
      videoKbps: (videoSent.reduce((sum, v) => sum + v.bytes, 0) * 8) / 1000 / received.length / WINDOW_S,
      videoPacketBytes: videoSent.reduce((sum, v) => sum + v.bytes, 0) / videoSent.reduce((sum, v) => sum + v.packets, 0),
      cipher: received[0].cipher,
      latencyMeanMicros: latencyCount ? ((after.latencySum - before.latencySum) / latencyCount) * 1e6 : NaN,
      latencyP50Micros: percentile(before, after, 0.5) * 1e6,
      latencyP99Micros: percentile(before, after, 0.99) * 1e6,
      srtpFailures: after.srtpFailures - before.srtpFailures,
      allReceive,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await sleep(2000);
  }
}

const results = [];
// An unreported first run, so JIT compilation of the packet path (fan-out to several receivers included) is not billed
// to the first measured scenario.
if (!args.includes('--no-jit-warmup')) {
  console.error('warming up the node (JIT) with an unreported 1 × 8 run…');
  await run({sessions: 1, participants: 8});
}
// The node's CPU with nobody connected: what it spends whatever the load, subtracted for the net figure.
await sleep(3000);
const idleBefore = nodeThreads();
await sleep(WINDOW_S * 1000);
const idleCpuPercent = (100 * threadSeconds(idleBefore, nodeThreads()).total) / WINDOW_S;
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
  await stopAll();
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : n === Infinity ? '>50000' : 'n/a');
const share = (r, group) => `${f((100 * (r.groups[group] || 0)) / r.cpuSeconds, 0)}`;
console.log(`\nMediRelay media node, loopback, ${WINDOW_S} s window after ${WARMUP_S} s warm-up; ` +
  `video ${VIDEO.width}x${VIDEO.height}@${VIDEO.fps} VP8 (cap ${VIDEO.maxBitrate / 1000} kbit/s) + Opus per participant, ` +
  `${PEERS_PER_WORKER} participants per client process; SRTP ${results.length ? results[0].cipher : 'n/a'}; ` +
  `${execSync('nproc').toString().trim()} cores, load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log(`node CPU when idle: ${f(idleCpuPercent, 2)} % of a core`);
console.log('| sessions × participants | video per publisher kbit/s (bytes/packet) | forwarded RTP/s (mean bytes) | node CPU % | ' +
  'node CPU µs / forwarded packet (gross / net of idle / net without JIT) | CPU by thread: packet / JIT / GC / other (%) | kernel share | ' +
  'added latency mean / p50 / p99 (µs) | all subscribers receive |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  const net = r.forwarded ? ((r.cpuSeconds - (idleCpuPercent / 100) * WINDOW_S) * 1e6) / r.forwarded : NaN;
  // JIT compilation goes on for minutes at these rates; a node that has run for a while no longer pays it.
  const withoutJit = r.forwarded ? ((r.cpuSeconds - (r.groups.jit || 0) - (idleCpuPercent / 100) * WINDOW_S) * 1e6) / r.forwarded : NaN;
  console.log(`| ${r.scenario} | ${f(r.videoKbps, 0)} (${f(r.videoPacketBytes, 0)}) | ${f(r.forwardedPerSecond, 0)} (${f(r.meanPacketBytes, 0)}) | ` +
    `${f(r.cpuPercent)} | ${f(r.cpuMicrosPerPacket)} / ${f(net)} / ${f(withoutJit)} | ` +
    `${share(r, 'packet')} / ${share(r, 'jit')} / ${share(r, 'gc')} / ${share(r, 'other')} | ${f(100 * r.systemShare, 0)} % | ` +
    `${f(r.latencyMeanMicros, 0)} / ≤${f(r.latencyP50Micros, 0)} / ≤${f(r.latencyP99Micros, 0)} | ${r.allReceive ? 'yes' : 'NO'} |`);
}
process.exit(process.exitCode || 0);
