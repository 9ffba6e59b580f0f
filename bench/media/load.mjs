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
// With --sfu=janus the same clients, scenarios and window drive Janus's VideoRoom instead (Debian's janus 1.1.x, started
// by servers.mjs with a configuration written for the run, spoken to by janus.mjs); --sfu=both runs the media node and
// Janus side by side and alternates them scenario by scenario (MediRelay first in odd scenarios, Janus first in even
// ones), and adds a comparison table with the ratio Janus µs / MediRelay µs. For that comparison a forwarded packet is
// one the subscribers received: inbound-rtp packetsReceived, summed over every client's peer connections, per second
// over each client's own interval between the statistics taken before and after the window; the same for both SFUs.
// CPU is every thread of the SFU's process (schedstat), as above. Janus exposes no forwarding latency, so it has none.
// Runs with Janus wait until every subscriber receives every stream (at most 60 s) before the warm-up, for both SFUs.
//
// Usage: node load.mjs [scenarios] [--window=20] [--warmup=10] [--peers-per-worker=2] [--video=320x240@15]
//          [--max-bitrate=500000] [--simulcast] [--sfu=medirelay|janus|both] [--janus-subscription=multistream|per-feed]
//          [--janus-sdp=matched|native] [--json]
//   scenarios: comma-separated SESSIONSxPARTICIPANTS, default 1x2,1x4,1x8,1x16,4x2,8x2
//   --window / --warmup: seconds; an unreported 1x8 run warms the media node's JIT first (--no-jit-warmup)
//   --video, --max-bitrate: each publisher's camera size and frame rate, and its encoder's bitrate cap (bit/s)
//   --simulcast: each publisher sends the three simulcast layers the node asks for (a quarter, half and all of the
//     camera, sharing --max-bitrate as libwebrtc shares it; the camera defaults to 960x540@15 and the cap to 1 Mbit/s
//     then), and the node picks one per subscriber from its estimate of the subscriber's link; without it the client
//     reads the node's offer without its rids and sends one stream, as a browser without simulcast does. The media
//     node only (Janus's VideoRoom is driven without simulcast). The cap goes into the remote description (b=TIAS)
//   --sfu: which SFU (default the media node); both: alternate the two in one run and compare them
//   --janus-subscription: one subscriber handle per participant for all the feeds it receives (default, Janus 1.x's
//     multistream), or one per remote publisher (per-feed, Janus 0.x style: many more peer connections)
//   --janus-sdp: matched (default) negotiates with Janus what the media node negotiates, Opus and VP8 without RTX or
//     RTP header extensions, so both get the same packets; native keeps what libwebrtc and Janus agree on (mid,
//     abs-send-time to subscribers, RTX)
//   --json: the last line printed is one JSON object, {"rows": [{"scenario": "1x8", "medirelay_us": …, "janus_us": …,
//     …}]}, µs of CPU per forwarded (= received) packet, and the other figures of the tables
//   env APP_JAR, MEDIA_NODE_JAR, MEDIA_NODE_JAVA_OPTS, JANUS, JANUS_LIB, JANUS_ICE_ADDRESS, BENCH_VERBOSE: servers.mjs

import {execSync} from 'node:child_process';
import fs from 'node:fs';
import {performance} from 'node:perf_hooks';
import {args, choice, flag, option, scenarios} from './cli.mjs';
import {rooms} from './janus.mjs';
import {processTicks, threadRunTimes, udpCounters} from './proc.mjs';
import {startApp, startJanus, startNode} from './servers.mjs';
import {Client, Worker} from './workers.mjs';

const WINDOW_S = option('window', 20);
const WARMUP_S = option('warmup', 10);
const PEERS_PER_WORKER = option('peers-per-worker', 2);
const SIMULCAST = flag('simulcast');
const [, videoWidth, videoHeight, videoFps] = (
  (args.find((a) => a.startsWith('--video=')) || `--video=${SIMULCAST ? '960x540' : '320x240'}@15`).match(/=(\d+)x(\d+)@(\d+)/) || []
).map(Number);
// noise: a mask on the per-pixel noise the synthetic camera adds, so frames carry detail the encoder must spend bits on
const VIDEO = {
  width: videoWidth, height: videoHeight, fps: videoFps, maxBitrate: option('max-bitrate', SIMULCAST ? 1000000 : 500000), noise: 31, simulcast: SIMULCAST,
};
const SFU = choice('sfu', ['medirelay', 'janus', 'both']);
if (SIMULCAST && SFU !== 'medirelay') {
  console.error('--simulcast drives the media node only; Janus is measured without it');
  process.exit(2);
}
const SFUS = SFU === 'both' ? ['medirelay', 'janus'] : [SFU];
const JANUS_SUBSCRIPTION = choice('janus-subscription', ['multistream', 'per-feed']);
const JANUS_SDP = choice('janus-sdp', ['matched', 'native']);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Ctrl-C or a kill: exit through process.exit, so servers.mjs's exit hooks kill the servers it started.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

// ---- the app and the media node, each as its own process; Janus ----
let app = null;
let node = null;
let janus = null;
let janusRooms = null;
const stopAll = async () => {
  if (janusRooms) janusRooms.close();
  if (janus) await janus.stop();
  if (node) await node.stop();
  if (app) await app.stop();
};
try {
  if (SFUS.includes('medirelay')) {
    app = await startApp();
    node = await startNode(app, 'bench-node');
  }
  if (SFUS.includes('janus')) {
    janus = await startJanus();
    janusRooms = await rooms(janus.url);
  }
} catch (e) {
  console.error(e.message);
  await stopAll();
  process.exit(1);
}

// ---- the SFU's CPU ----
const pidOf = (sfu) => (sfu === 'janus' ? janus.pid : node.pid);

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

/**
 * The groups a thread breakdown shows: the packet path, JIT compilation, GC, everything else. Janus's packet path is
 * its handles' loop threads (hloop: receive, SRTP, relay to the subscribers' handles, their SRTP and send).
 */
function threadGroup(name) {
  if (name.startsWith('org.ice4j.ice.h') || name.startsWith('hloop')) return 'packet';
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

let runs = 0;

/**
 * Packets and bytes per second the clients received in the window, and packets they lost: per peer connection, the
 * difference of its counts between two statistics (clients.mjs) over the time between them, summed. A peer connection
 * that came up within the window counts nowhere.
 */
function receiveRates(before, after) {
  let packets = 0;
  let bytes = 0;
  let lost = 0;
  after.forEach((r, i) => {
    for (const c of r.counts) {
      const b = before[i].counts.find((x) => x.key === c.key);
      const seconds = b ? (c.at - b.at) / 1000 : 0;
      if (seconds <= 0) continue;
      packets += (c.packets - b.packets) / seconds;
      bytes += (c.bytes - b.bytes) / seconds;
      lost += (c.lost - b.lost) / seconds;
    }
  });
  return {packets, bytes, lost};
}

/** Sessions (the app's integration API) or rooms (Janus's VideoRoom) for a scenario, with what each client joins by. */
async function book(sfu, {sessions, participants}) {
  const booked = [];
  for (let s = 0; s < sessions; s++) {
    const names = Array.from({length: participants}, (_, p) => `p${s}-${p}`);
    if (sfu === 'janus') {
      const room = runs * 100 + s;
      await janusRooms.create(room, participants);
      const join = () => ({janusUrl: janus.url, room, subscription: JANUS_SUBSCRIPTION, sdp: JANUS_SDP});
      booked.push({names, group: `room ${room}`, room, join});
    } else {
      const {sessionId, tokens} = await app.session(`bench-${runs}-${sessions}x${participants}-${s}`, names);
      booked.push({names, group: sessionId, join: (p) => ({signalingUrl: node.signalingUrl, sessionId, token: tokens[p]})});
    }
  }
  return booked;
}

/** The streams (publisher and kind) of `me`'s session or room that its statistics `r` show nothing received of. */
function missingStreams(clients, me, r) {
  const got = new Set(r.received.map((x) => x.ssrc));
  return clients
    .filter((c) => c !== me && c.group === me.group)
    .flatMap((c) => (c.ssrcs || [undefined, undefined]).map((ssrc, k) => ({ssrc, what: `${c.name} ${k ? 'video' : 'audio'}`})))
    .filter((x) => !x.ssrc || !got.has(x.ssrc))
    .map((x) => x.what);
}

/**
 * Waits, at most `seconds`, until every client receives every other participant's audio and video; false if that did
 * not happen. With Janus a participant subscribes to each feed after its publisher has published, one renegotiation
 * at a time, which on a busy machine can outlast the warm-up.
 */
async function everyoneReceives(clients, seconds) {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(1000)) {
    const stats = await Promise.all(clients.map((c) => c.inbound()));
    stats.forEach((r, i) => (clients[i].ssrcs = r.ssrcs));
    if (stats.every((r, i) => !missingStreams(clients, clients[i], r).length)) return true;
  }
  return false;
}

async function run(sfu, {sessions, participants}) {
  const total = sessions * participants;
  const pid = pidOf(sfu);
  runs++;
  const booked = await book(sfu, {sessions, participants});
  const workers = Array.from({length: Math.ceil(total / PEERS_PER_WORKER)}, () => new Worker(VIDEO));
  const clients = [];
  for (const {names, group, join} of booked) {
    for (const [p, name] of names.entries()) {
      const c = new Client(workers[clients.length % workers.length], group, name, join(p));
      clients.push(c);
      c.start();
      await sleep(250); // joins arrive close together, as in a real consult, but not all in one tick
    }
  }
  try {
    await Promise.race([Promise.all(clients.map((c) => c.connected)), sleep(60000).then(() => {
      throw new Error('not every client connected within 60 s');
    })]);
    // Runs with Janus wait for every subscription first, both SFUs alike (--sfu=medirelay keeps its old timing).
    if (janus && !(await everyoneReceives(clients, 60))) {
      console.error(`${sfu} ${sessions} × ${participants}: not every subscriber received every stream within 60 s; measuring anyway`);
    }
    await sleep(WARMUP_S * 1000);
    const statsBefore = await Promise.all(clients.map((c) => c.inbound()));
    const sentBefore = statsBefore.map((r) => r.sent.video || {bytes: 0, packets: 0});
    const before = sfu === 'medirelay' ? await nodeMetrics() : null;
    const threadsBefore = threadRunTimes(pid);
    const systemBefore = processTicks(pid);
    const udpBefore = udpCounters();
    const startedAt = performance.now();
    await sleep(WINDOW_S * 1000);
    const threadsAfter = threadRunTimes(pid);
    const systemAfter = processTicks(pid);
    const udpAfter = udpCounters();
    const elapsed = (performance.now() - startedAt) / 1000;
    const after = sfu === 'medirelay' ? await nodeMetrics() : null;
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
      const missing = missingStreams(clients, me, r);
      if (missing.length) {
        allReceive = false;
        console.error(`${me.name} (offers ${r.offers}, answers ${r.answers}, ${r.signalingState}, ${r.connectionState}) receives nothing of: ${missing.join(', ')}`);
        if (process.env.BENCH_VERBOSE) console.error(`${me.name} receives: ${r.received.map((x) => x.ssrc).join(', ')}`);
      }
    });
    if (!allReceive && sfu === 'medirelay') {
      const text = await (await fetch(node.metricsUrl)).text();
      console.error(text.split('\n').filter((l) => /^medirelay_media_(rtp_unpublished|srtp_failures|packets_early|packets_malformed|packets_wrong|internal)/.test(l)).join('\n'));
    }
    if (!allReceive && sfu === 'janus') console.error(`Janus's log, last lines:\n${janus.log().split('\n').slice(-20).join('\n')}`);

    const rates = receiveRates(statsBefore, received);
    const ran = threadSeconds(threadsBefore, threadsAfter);
    const common = {
      sfu,
      scenario: `${sessions} × ${participants}`,
      key: `${sessions}x${participants}`,
      participants: total,
      cpuSeconds: ran.total,
      cpuPerSecond: ran.total / elapsed,
      receivedPerSecond: rates.packets,
      receivedMeanBytes: rates.bytes / rates.packets,
      lostPerSecond: rates.lost,
      cpuMicrosPerReceived: rates.packets ? (ran.total / elapsed / rates.packets) * 1e6 : NaN,
      // datagrams the kernel dropped for full buffers in the window, whole machine (a slow client's receive buffer)
      udpReceiveDropsPerSecond: (udpAfter.RcvbufErrors - udpBefore.RcvbufErrors) / elapsed,
      udpSendDropsPerSecond: (udpAfter.SndbufErrors - udpBefore.SndbufErrors) / elapsed,
      allReceive,
    };
    if (sfu === 'janus') {
      const groups = {};
      for (const [name, seconds] of Object.entries(ran.byName)) groups[threadGroup(name)] = (groups[threadGroup(name)] || 0) + seconds;
      return {
        ...common,
        groups,
        systemShare,
        ...publisherVideo(statsBefore, received),
        cipher: received[0].cipher,
      };
    }

    const forwarded = after.forwarded - before.forwarded;
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
      ...common,
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
      receivedHeights: receivedHeights(received),
      allReceive,
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    if (sfu === 'janus') for (const {room} of booked) await janusRooms.destroy(room).catch(() => {});
    await sleep(2000);
  }
}

/** How many received video streams had each frame height at the window's end ({"540": 12, "270": 2}): the layers. */
function receivedHeights(received) {
  const heights = {};
  for (const stream of received.flatMap((r) => r.received).filter((x) => x.kind === 'video' && x.height)) {
    heights[stream.height] = (heights[stream.height] || 0) + 1;
  }
  return heights;
}

/** What the publishers' video encoders sent in the window (outbound-rtp): mean kbit/s per publisher, bytes per packet. */
function publisherVideo(before, after) {
  const sent = (r, field) => (r.sent.video || {})[field] || 0;
  const delta = (field) => after.reduce((sum, r, i) => sum + sent(r, field) - sent(before[i], field), 0);
  return {videoKbps: (delta('bytes') * 8) / 1000 / after.length / WINDOW_S, videoPacketBytes: delta('bytes') / delta('packets')};
}

const results = [];
const idleCpuPercent = {};
try {
  // An unreported first run, so JIT compilation of the packet path (fan-out to several receivers included) is not
  // billed to the first measured scenario.
  if (node && !args.includes('--no-jit-warmup')) {
    console.error('warming up the node (JIT) with an unreported 1 × 8 run…');
    await run('medirelay', {sessions: 1, participants: 8});
  }
  // Each SFU's CPU with nobody connected: what it spends whatever the load, subtracted for the net figures.
  await sleep(3000);
  const idleBefore = Object.fromEntries(SFUS.map((sfu) => [sfu, threadRunTimes(pidOf(sfu))]));
  await sleep(WINDOW_S * 1000);
  for (const sfu of SFUS) idleCpuPercent[sfu] = (100 * threadSeconds(idleBefore[sfu], threadRunTimes(pidOf(sfu))).total) / WINDOW_S;
  for (const [i, scenario] of scenarios.entries()) {
    // alternating which SFU goes first, so a drift in the machine's load favours neither
    for (const sfu of i % 2 ? [...SFUS].reverse() : SFUS) {
      const result = await run(sfu, scenario);
      results.push(result);
      console.error(`done ${SFU === 'medirelay' ? '' : `${sfu} `}${result.scenario}: ${JSON.stringify(result)}`);
    }
  }
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await stopAll();
}

const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : n === Infinity ? '>50000' : 'n/a');
const share = (r, group) => `${f((100 * (r.groups[group] || 0)) / r.cpuSeconds, 0)}`;
const machine = () =>
  `${execSync('nproc').toString().trim()} cores, load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`;
const media = `video ${VIDEO.width}x${VIDEO.height}@${VIDEO.fps} VP8 (cap ${VIDEO.maxBitrate / 1000} kbit/s` +
  `${SIMULCAST ? ', simulcast: 3 layers' : ''}) + Opus per participant, ` +
  `${PEERS_PER_WORKER} participants per client process`;
const ofSfu = (sfu) => results.filter((r) => r.sfu === sfu);
/** CPU µs per received packet net of the SFU's idle CPU, and also of its JIT compiler threads (the node's). */
const netPerReceived = (r) => (r.receivedPerSecond ? ((r.cpuPerSecond - idleCpuPercent[r.sfu] / 100) / r.receivedPerSecond) * 1e6 : NaN);
const withoutJitPerReceived = (r) => {
  const jitPerSecond = (r.cpuPerSecond * (r.groups.jit || 0)) / r.cpuSeconds;
  return r.receivedPerSecond ? ((r.cpuPerSecond - jitPerSecond - idleCpuPercent[r.sfu] / 100) / r.receivedPerSecond) * 1e6 : NaN;
};

if (node) {
  const rows = ofSfu('medirelay');
  const idle = idleCpuPercent.medirelay;
  console.log(`\nMediRelay media node, loopback, ${WINDOW_S} s window after ${WARMUP_S} s warm-up; ${media}; ` +
    `SRTP ${rows.length ? rows[0].cipher : 'n/a'}; ${machine()}`);
  console.log(`node CPU when idle: ${f(idle, 2)} % of a core`);
  console.log('| sessions × participants | video per publisher kbit/s (bytes/packet) | forwarded RTP/s (mean bytes) | node CPU % | ' +
    'node CPU µs / forwarded packet (gross / net of idle / net without JIT) | CPU by thread: packet / JIT / GC / other (%) | kernel share | ' +
    'added latency mean / p50 / p99 (µs) | all subscribers receive |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const net = r.forwarded ? ((r.cpuSeconds - (idle / 100) * WINDOW_S) * 1e6) / r.forwarded : NaN;
    // JIT compilation goes on for minutes at these rates; a node that has run for a while no longer pays it.
    const withoutJit = r.forwarded ? ((r.cpuSeconds - (r.groups.jit || 0) - (idle / 100) * WINDOW_S) * 1e6) / r.forwarded : NaN;
    console.log(`| ${r.scenario} | ${f(r.videoKbps, 0)} (${f(r.videoPacketBytes, 0)}) | ${f(r.forwardedPerSecond, 0)} (${f(r.meanPacketBytes, 0)}) | ` +
      `${f(r.cpuPercent)} | ${f(r.cpuMicrosPerPacket)} / ${f(net)} / ${f(withoutJit)} | ` +
      `${share(r, 'packet')} / ${share(r, 'jit')} / ${share(r, 'gc')} / ${share(r, 'other')} | ${f(100 * r.systemShare, 0)} % | ` +
      `${f(r.latencyMeanMicros, 0)} / ≤${f(r.latencyP50Micros, 0)} / ≤${f(r.latencyP99Micros, 0)} | ${r.allReceive ? 'yes' : 'NO'} |`);
  }
  if (SIMULCAST) {
    const layers = (r) => Object.entries(r.receivedHeights).sort(([a], [b]) => b - a).map(([h, n]) => `${n} × ${h}p`).join(', ');
    console.log('the layers subscribers received at the window\'s end (video streams × frame height):');
    for (const r of rows) console.log(`  ${r.scenario}: ${layers(r) || 'none'}`);
  }
}

if (janus) {
  const rows = ofSfu('janus');
  console.log(`\nJanus ${janus.version} VideoRoom, loopback, ${WINDOW_S} s window after ${WARMUP_S} s warm-up; ${media}; ` +
    `SRTP ${rows.length ? rows[0].cipher : 'n/a'}; subscriber handles: ` +
    `${JANUS_SUBSCRIPTION === 'per-feed' ? 'one per remote publisher' : 'one per participant (multistream)'}; ` +
    `SDP ${JANUS_SDP === 'matched' ? "as the node's (no RTX, no header extensions)" : 'native'}; ICE on ${janus.iceAddress}; ${machine()}`);
  console.log(`Janus CPU when idle: ${f(idleCpuPercent.janus, 2)} % of a core; forwarded = received by the subscribers (inbound-rtp)`);
  console.log('| sessions × participants | video per publisher kbit/s (bytes/packet) | forwarded RTP/s (mean bytes) | Janus CPU % | ' +
    'Janus CPU µs / forwarded packet (gross / net of idle) | CPU by thread: handle loops / other (%) | kernel share | ' +
    'added latency | all subscribers receive |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.scenario} | ${f(r.videoKbps, 0)} (${f(r.videoPacketBytes, 0)}) | ${f(r.receivedPerSecond, 0)} (${f(r.receivedMeanBytes, 0)}) | ` +
      `${f(100 * r.cpuPerSecond)} | ${f(r.cpuMicrosPerReceived)} / ${f(netPerReceived(r))} | ` +
      `${share(r, 'packet')} / ${share(r, 'other')} | ${f(100 * r.systemShare, 0)} % | n/a (Janus does not expose it) | ` +
      `${r.allReceive ? 'yes' : 'NO'} |`);
  }
}

/** Rows by scenario for the comparison and JSON: each SFU's figures, on the same definition of a forwarded packet. */
const byScenario = scenarios
  .map(({sessions, participants}) => `${sessions}x${participants}`)
  .map((key) => ({key, ...Object.fromEntries(SFUS.map((sfu) => [sfu, results.find((r) => r.key === key && r.sfu === sfu)]))}))
  .filter((row) => row.medirelay || row.janus);

if (SFU === 'both') {
  console.log('\nJanus vs MediRelay, alternating scenario by scenario; a forwarded packet is one a subscriber received (inbound-rtp ' +
    'packetsReceived summed over all clients), for both; CPU is every thread of the SFU process');
  console.log('| sessions × participants | video per publisher kbit/s MediRelay / Janus | forwarded RTP/s MediRelay / Janus | SFU CPU % MediRelay / Janus | ' +
    'MediRelay µs / packet (gross / net of idle / net without JIT) | Janus µs / packet (gross / net of idle) | ' +
    'ratio Janus µs / MediRelay µs (gross / net / net to MediRelay without JIT) | ' +
    'added latency mean / p50 / p99 (µs) MediRelay / Janus | ' +
    'lost at the subscribers RTP/s (UDP receive-buffer drops/s, whole machine) MediRelay / Janus | ' +
    'all subscribers receive MediRelay / Janus |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const {medirelay: m = {}, janus: j = {}} of byScenario) {
    const scenario = m.scenario || j.scenario;
    const [mNet, mWithoutJit, jNet] = [m.sfu && netPerReceived(m), m.sfu && withoutJitPerReceived(m), j.sfu && netPerReceived(j)];
    console.log(`| ${scenario} | ${f(m.videoKbps, 0)} / ${f(j.videoKbps, 0)} | ` +
      `${f(m.receivedPerSecond, 0)} / ${f(j.receivedPerSecond, 0)} | ${f(100 * m.cpuPerSecond)} / ${f(100 * j.cpuPerSecond)} | ` +
      `${f(m.cpuMicrosPerReceived)} / ${f(mNet)} / ${f(mWithoutJit)} | ${f(j.cpuMicrosPerReceived)} / ${f(jNet)} | ` +
      `${f(j.cpuMicrosPerReceived / m.cpuMicrosPerReceived, 2)} / ${f(jNet / mNet, 2)} / ${f(jNet / mWithoutJit, 2)} | ` +
      `${f(m.latencyMeanMicros, 0)} / ≤${f(m.latencyP50Micros, 0)} / ≤${f(m.latencyP99Micros, 0)} / n/a | ` +
      `${f(m.lostPerSecond, 0)} (${f(m.udpReceiveDropsPerSecond, 0)}) / ${f(j.lostPerSecond, 0)} (${f(j.udpReceiveDropsPerSecond, 0)}) | ` +
      `${m.sfu ? (m.allReceive ? 'yes' : 'NO') : 'n/a'} / ${j.sfu ? (j.allReceive ? 'yes' : 'NO') : 'n/a'} |`);
  }
}

if (flag('json')) {
  const num = (n, d = 2) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);
  const figures = (prefix, r) =>
    r
      ? {
          [`${prefix}_us`]: num(r.cpuMicrosPerReceived),
          [`${prefix}_us_net`]: num(netPerReceived(r)),
          [`${prefix}_pps`]: num(r.receivedPerSecond, 0),
          [`${prefix}_cpu_percent`]: num(100 * r.cpuPerSecond),
          [`${prefix}_kernel_share`]: num(r.systemShare),
          [`${prefix}_video_kbps`]: num(r.videoKbps, 0),
          [`${prefix}_lost_pps`]: num(r.lostPerSecond, 0),
          [`${prefix}_udp_receive_drops_per_s`]: num(r.udpReceiveDropsPerSecond, 0),
          [`${prefix}_udp_send_drops_per_s`]: num(r.udpSendDropsPerSecond, 0),
          [`${prefix}_all_receive`]: r.allReceive,
        }
      : {};
  const rows = byScenario.map(({key, medirelay: m, janus: j}) => ({
    scenario: key,
    ...figures('medirelay', m),
    ...(m
      ? {
          medirelay_us_net_without_jit: num(withoutJitPerReceived(m)),
          medirelay_node_us: num(m.cpuMicrosPerPacket),
          medirelay_node_forwarded_pps: num(m.forwardedPerSecond, 0),
          medirelay_latency_us: {mean: num(m.latencyMeanMicros, 0), p50: num(m.latencyP50Micros, 0), p99: num(m.latencyP99Micros, 0)},
        }
      : {}),
    ...figures('janus', j),
    ...(m && j
      ? {
          ratio: num(j.cpuMicrosPerReceived / m.cpuMicrosPerReceived, 3),
          ratio_net: num(netPerReceived(j) / netPerReceived(m), 3),
          ratio_net_without_jit: num(netPerReceived(j) / withoutJitPerReceived(m), 3),
        }
      : {}),
  }));
  console.log(JSON.stringify({
    sfu: SFU,
    forwarded: 'RTP packets the subscribers received: inbound-rtp packetsReceived summed over all clients, per second',
    cpu: 'run time of every thread of the SFU process (/proc/<pid>/task/*/schedstat), µs per forwarded packet',
    window_s: WINDOW_S,
    warmup_s: WARMUP_S,
    idle_cpu_percent: Object.fromEntries(Object.entries(idleCpuPercent).map(([k, v]) => [k, num(v, 3)])),
    janus_subscription: janus ? JANUS_SUBSCRIPTION : undefined,
    janus_sdp: janus ? JANUS_SDP : undefined,
    load_average: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
    rows,
  }));
}
process.exit(process.exitCode || 0);
