// MediRelay media-node churn soak: many joins and leaves against one node, and whether the node gives back what they
// took.
//
// Starts the app and a media node (their built jars, servers.mjs) as load.mjs does, then runs --pairs consults side by
// side, over and over: each is a new session from the app's integration API with two libwebrtc participants (the
// doctor's token and the patient's; the doctor's client admits the patient from the waiting room) that join through
// signaling, connect a real transport (ICE, DTLS, SRTP), send and receive audio and video for --hold seconds, and
// leave. Worker processes (clients.mjs) are replaced after --recycle joins each, so the clients' own growth stays out
// of the way.
//
// Printed for the node at the start (after --warmup joins, which load the classes, fill the JIT and the thread pools a
// join uses) and again at the end (everyone gone, then a full GC): heap used after a full GC (jcmd GC.run and
// GC.heap_info), live threads (/proc/<pid>/status), open file descriptors (/proc/<pid>/fd), live ICE agents
// (org.ice4j.ice.Agent instances in GC.class_histogram: one never freed would keep ice4j's threads), the node's own gauges
// (sessions, participants, signaling connections, the metrics request itself among them, free packet buffers). Every --report joins it prints the same and
// the rate. The exit code is 1 when a figure did not come back (heap within --heap-slack MiB of the start, threads
// and descriptors within --slack of it, no session or participant left) or when joins failed.
//
// Usage: node churn.mjs [--joins=10000] [--pairs=6] [--hold=1] [--warmup=200] [--report=1000] [--recycle=200]
//          [--video=160x120@15] [--heap-slack=8] [--slack=4]
//   env APP_JAR, MEDIA_NODE_JAR, MEDIA_NODE_JAVA_OPTS, BENCH_VERBOSE: servers.mjs

import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import {performance} from 'node:perf_hooks';
import {args, option} from './cli.mjs';
import {startApp, startNode} from './servers.mjs';
import {Client, Worker} from './workers.mjs';

const JOINS = option('joins', 10000);
const PAIRS = option('pairs', 6);
const HOLD_MS = option('hold', 1) * 1000;
const WARMUP = option('warmup', 200);
const REPORT = option('report', 1000);
const RECYCLE = option('recycle', 200);
const HEAP_SLACK_MIB = option('heap-slack', 8);
const SLACK = option('slack', 4);
const [, width, height, fps] = ((args.find((a) => a.startsWith('--video=')) || '--video=160x120@15').match(/=(\d+)x(\d+)@(\d+)/) || []).map(Number);
const VIDEO = {width, height, fps, maxBitrate: 150000, noise: 31, simulcast: false};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const app = await startApp();
const node = await startNode(app, 'churn-node');

// ---- what the node holds ----
async function gauges() {
  const text = await (await fetch(node.metricsUrl)).text();
  const value = (name) => Number((text.split('\n').find((l) => l.startsWith(name + ' ')) || ' NaN').split(' ').pop());
  return {
    sessions: value('medirelay_media_sessions'),
    participants: value('medirelay_media_participants'),
    connections: value('medirelay_media_signaling_connections'),
    freeBuffers: value('medirelay_media_packet_pool_available'),
    reclaimedBuffers: value('medirelay_media_packet_pool_reclaimed'),
  };
}

/** Heap used after a full collection, in MiB (G1's line of GC.heap_info: "garbage-first heap total …K, used …K"). */
function heapAfterGcMiB() {
  execFileSync('jcmd', [String(node.pid), 'GC.run']);
  const info = execFileSync('jcmd', [String(node.pid), 'GC.heap_info']).toString();
  const used = info.match(/used (\d+)K/);
  return used ? Number(used[1]) / 1024 : NaN;
}

/**
 * Bytes and instances by class after a full collection (jcmd GC.class_histogram): what a grown heap holds, and how
 * many ICE agents are alive (an agent never freed keeps ice4j's pool threads busy with its checks).
 */
function classHistogram() {
  const text = execFileSync('jcmd', [String(node.pid), 'GC.class_histogram'], {maxBuffer: 64 << 20}).toString();
  const bytes = new Map();
  const instances = new Map();
  for (const [, count, size, name] of text.matchAll(/^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/gm)) {
    bytes.set(name, Number(size));
    instances.set(name, Number(count));
  }
  return {bytes, instances};
}

/** The node's threads (jcmd Thread.print): how many of each kind (name with numbers blanked, "ice4j.Agent-#"), and
 * one stack of each kind, to say what a thread that stayed is waiting for. */
function threadKinds() {
  const dump = execFileSync('jcmd', [String(node.pid), 'Thread.print']).toString();
  const names = new Map();
  const stacks = new Map();
  for (const thread of dump.split(/\n(?=")/)) {
    const name = (thread.match(/^"([^"]*)"/) || [])[1];
    if (name === undefined) continue;
    const kind = name.replace(/\d+/g, '#');
    names.set(kind, (names.get(kind) || 0) + 1);
    if (!stacks.has(kind)) stacks.set(kind, thread.split('\n').slice(0, 14).join('\n'));
  }
  return {names, stacks};
}

/** The thread kinds there are more of in {@code end} than in {@code start}, as "name +n". */
function threadsGrown(start, end) {
  return [...end].filter(([kind, n]) => n > (start.get(kind) || 0)).map(([kind, n]) => `${kind} +${n - (start.get(kind) || 0)}`);
}

/**
 * What the node holds, its descriptors counted after the full GC: ice4j leaves some of a finished ICE session's sockets
 * (unbound DatagramSockets, each with a descriptor) to the collector, whose cleaner closes them.
 */
async function snapshot() {
  const heapMiB = heapAfterGcMiB();
  await sleep(1000); // the JDK's cleaner thread closes what the collection found
  const threads = Number(fs.readFileSync(`/proc/${node.pid}/status`, 'utf8').match(/^Threads:\s+(\d+)/m)[1]);
  const fds = fs.readdirSync(`/proc/${node.pid}/fd`).length;
  const kinds = threadKinds();
  const histogram = classHistogram();
  return {heapMiB, threads, threadNames: kinds.names, threadStacks: kinds.stacks, fds, classes: histogram.bytes,
    agents: histogram.instances.get('org.ice4j.ice.Agent') || 0, ...(await gauges())};
}

const show = (s) =>
  `heap after GC ${s.heapMiB.toFixed(1)} MiB, ${s.threads} threads, ${s.fds} open files, ${s.agents} ICE agents; ` +
  `node: ${s.sessions} sessions, ${s.participants} participants, ${s.connections} signaling connections, ` +
  `${s.freeBuffers} free packet buffers (${s.reclaimedBuffers} replaced after ice4j kept them)`;

// ---- the consults ----
let joins = 0;
let failures = 0;
let sessions = 0;
let worker = null;
let joinsOnWorker = 0;

/**
 * The worker for the next participant: a fresh process every RECYCLE joins, or at once when the current one has died;
 * the old one ends once its pair left.
 */
function nextWorker() {
  if (!worker || joinsOnWorker >= RECYCLE || !worker.alive()) {
    const old = worker;
    if (old) {
      old.retiring = true;
      if (old.live === 0) old.close();
    }
    worker = new Worker(VIDEO);
    worker.live = 0;
    joinsOnWorker = 0;
  }
  joinsOnWorker++;
  worker.live++;
  return worker;
}

async function released(w) {
  w.live--;
  if (w.retiring && w.live === 0) await w.close();
}

/** One consult: a session, two participants that connect, hold and leave; true when both connected. */
async function consult() {
  const n = sessions++;
  const {sessionId, tokens} = await app.session(`churn-${n}`, ['doctor', 'patient']);
  const clients = ['doctor', 'patient'].map((name, p) => {
    const c = new Client(nextWorker(), sessionId, name, {signalingUrl: node.signalingUrl, sessionId, token: tokens[p]});
    c.start();
    return c;
  });
  joins += 2;
  let ok = true;
  try {
    await Promise.race([Promise.all(clients.map((c) => c.connected)), sleep(30000).then(() => {
      throw new Error('not connected within 30 s');
    })]);
    await sleep(HOLD_MS);
  } catch (e) {
    ok = false;
    failures++;
    if (failures <= 5) console.error(`consult ${n}: ${e.message}`);
  }
  for (const c of clients) {
    await c.leave();
    await released(c.worker);
  }
  return ok;
}

/** Runs consults, PAIRS at a time, until `until` joins; prints progress every REPORT joins. */
async function churn(until, label) {
  let nextReport = joins + REPORT;
  const started = performance.now();
  const startJoins = joins;
  const lane = async () => {
    while (joins < until) {
      await consult();
      if (label && joins >= nextReport) {
        nextReport += REPORT;
        const rate = (joins - startJoins) / ((performance.now() - started) / 1000);
        console.log(`${joins} joins (${rate.toFixed(1)}/s), ${failures} failed: ${show(await snapshot())}`);
      }
    }
  };
  await Promise.all(Array.from({length: PAIRS}, lane));
  return (joins - startJoins) / ((performance.now() - started) / 1000);
}

/**
 * Waits until the node holds no session or participant (at most 30 s), then 65 s (ice4j's thread pools keep an idle
 * thread 60 s) and until its threads and open files have stood still for 10 s (at most 60 s more), so the start and
 * the end are measured alike, once the node has let go of what it lets go of by itself.
 */
async function settled() {
  for (const deadline = Date.now() + 30000; Date.now() < deadline; await sleep(500)) {
    const g = await gauges();
    if (g.sessions === 0 && g.participants === 0 && g.connections <= 1) break; // 1: this very request
  }
  const held = () => `${fs.readFileSync(`/proc/${node.pid}/status`, 'utf8').match(/^Threads:\s+(\d+)/m)[1]} ` +
    fs.readdirSync(`/proc/${node.pid}/fd`).length;
  await sleep(65000);
  let last = held();
  for (let still = 0, deadline = Date.now() + 60000; still < 10 && Date.now() < deadline; ) {
    await sleep(1000);
    const now = held();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return snapshot();
}

let code = 0;
try {
  console.log(`churn: ${JOINS} joins, ${PAIRS} consults of two at a time, each held ${HOLD_MS / 1000} s, ` +
    `video ${width}x${height}@${fps}; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
  await churn(WARMUP, null);
  const start = await settled();
  const warmFailures = failures;
  console.log(`start (after ${joins} warm-up joins): ${show(start)}`);
  const rate = await churn(WARMUP + JOINS, 'progress');
  if (worker) await worker.close();
  const end = await settled();
  console.log(`end (after ${joins - WARMUP} more joins at ${rate.toFixed(1)}/s, ${failures - warmFailures} failed): ${show(end)}`);
  const problems = [];
  if (end.heapMiB > start.heapMiB + HEAP_SLACK_MIB) {
    problems.push(`heap grew ${(end.heapMiB - start.heapMiB).toFixed(1)} MiB`);
    const grown = [...end.classes].map(([name, b]) => [name, b - (start.classes.get(name) || 0)])
      .sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log('what the heap holds more of (bytes after a full GC):\n' +
      grown.map(([name, b]) => `  ${(b / 1048576).toFixed(1)} MiB ${name}`).join('\n'));
  }
  if (end.threads > start.threads + SLACK) {
    problems.push(`threads grew by ${end.threads - start.threads} (${threadsGrown(start.threadNames, end.threadNames).join(', ')})`);
    for (const [kind, n] of end.threadNames) {
      if (n > (start.threadNames.get(kind) || 0)) console.log(`one of the ${kind} threads:\n${end.threadStacks.get(kind)}\n`);
    }
  }
  if (end.fds > start.fds + SLACK) problems.push(`open files grew by ${end.fds - start.fds}`);
  if (end.agents > start.agents) problems.push(`${end.agents - start.agents} ICE agents still alive`);
  if (end.sessions || end.participants || end.connections > start.connections) {
    problems.push('the node still holds sessions, participants or connections');
  }
  if (end.freeBuffers < start.freeBuffers) problems.push(`${start.freeBuffers - end.freeBuffers} packet buffers never came back`);
  if (failures) problems.push(`${failures} consults did not connect`);
  console.log(problems.length ? `NOT BACK: ${problems.join('; ')}` : 'back where it started');
  code = problems.length ? 1 : 0;
} catch (e) {
  console.error(e.stack || e.message);
  code = 1;
}
await node.stop();
await app.stop();
process.exit(code);
