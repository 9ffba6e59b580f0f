// The floor under the media node's CPU figures: what this machine charges to receive and forward the same traffic
// with no SFU work at all, natively and on the JVM.
//
// Runs two plain UDP relays on loopback in turn, floor/udp-relay.c (compiled here with gcc) and its JVM twin
// floor/UdpRelay.java, and plays the media benchmark's traffic through each: per publisher, Opus-sized audio (50
// packets/s of 60 bytes) and VP8-sized video (15 frames/s of 5 packets of 1040 bytes, sent back to back as an encoder
// does), from one UDP socket per participant that also receives everyone else's packets, two participants per client
// process as load.mjs hosts its libwebrtc clients (each client process a relay's send wakes costs the relay, on
// loopback). It reports each relay's CPU time per forwarded packet (all its threads, /proc/<pid>/task/*/schedstat, in
// ns) and kernel share, for the same scenarios as load.mjs.
//
// How to read it next to load.mjs: the C relay is the machine's own cost (recvfrom, sendto, wake-ups, and on loopback
// the receiving client's delivery, which the kernel bills to the sender); the Java relay adds what any JVM program
// pays; whatever the media node spends above that is its own work (ICE, SRTP, RTCP, ice4j, its pipeline).
//
// Usage: node floor.mjs [scenarios] [--window=20] [--warmup=5] [--peers-per-worker=2]
//   scenarios as in load.mjs, default 1x2,1x4,1x8,1x16,4x2,8x2; needs gcc and java on the PATH

import {spawn, fork, execFileSync} from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {args, option, scenarios} from './cli.mjs';
import {processTicks, threadRunTimes} from './proc.mjs';

const WINDOW_S = option('window', 20);
const WARMUP_S = option('warmup', 5);
const PEERS_PER_WORKER = option('peers-per-worker', 2);
const AUDIO = {intervalMs: 20, bytes: 60};
const VIDEO = {intervalMs: 1000 / 15, packetsPerFrame: 5, bytes: 1040};
/** Datagrams blasted through a fresh relay before a scenario, so the JVM relay runs compiled code, not the interpreter. */
const JIT_WARMUP_PACKETS = 100000;
const JOIN = 0xff;
const REPORT = 0xfe;
const HOST = '127.0.0.1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a relay command on a free port; resolves with the process and its port. */
function startRelay(command, commandArgs) {
  const relay = spawn(command, [...commandArgs, '0'], {stdio: ['ignore', 'pipe', 'inherit']});
  return new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.stdout.once('data', (chunk) => resolve({relay, port: Number(/listening (\d+)/.exec(chunk.toString())[1])}));
  });
}

/** Run time (ns) of all the relay's threads, and its user/system clock ticks. */
function relayCpu(pid) {
  let nanos = 0;
  for (const {nanos: thread} of threadRunTimes(pid).values()) nanos += thread;
  return {nanos, ...processTicks(pid)};
}

/** The relay's forwarded count, asked for with a REPORT datagram. */
function relayForwarded(relay, port, control) {
  return new Promise((resolve) => {
    const onData = (chunk) => {
      const match = /forwarded (\d+)/.exec(chunk.toString());
      if (match) {
        relay.stdout.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    relay.stdout.on('data', onData);
    control.send(Buffer.from([REPORT]), port, HOST);
  });
}

async function udpSocket() {
  const socket = dgram.createSocket('udp4');
  socket.on('message', () => {});
  await new Promise((r) => socket.bind(0, HOST, r));
  return socket;
}

/** A pair in a group of its own exchanges a burst, so the relay's loop is compiled before the measurement. */
async function warmUp(port) {
  const [a, b] = [await udpSocket(), await udpSocket()];
  a.send(Buffer.from([JOIN, 255]), port, HOST);
  b.send(Buffer.from([JOIN, 255]), port, HOST);
  await sleep(100);
  const payload = Buffer.alloc(VIDEO.bytes, 3);
  for (let sent = 0; sent < JIT_WARMUP_PACKETS; sent += 100) {
    for (let i = 0; i < 100; i++) a.send(payload, port, HOST);
    await sleep(1);
  }
  await sleep(500);
  a.close();
  b.close();
}

/**
 * Worker side: hosts the participants it is given, each publishing audio and video and receiving the others, until
 * told to stop.
 */
async function hostParticipants({port, groups}) {
  const audio = Buffer.alloc(AUDIO.bytes, 1);
  const video = Buffer.alloc(VIDEO.bytes, 2);
  for (const group of groups) {
    const socket = await udpSocket();
    socket.send(Buffer.from([JOIN, group]), port, HOST);
    // Each publisher starts at its own phase, as independent browsers do.
    const phase = Math.random() * VIDEO.intervalMs;
    setTimeout(() => setInterval(() => socket.send(audio, port, HOST), AUDIO.intervalMs), phase % AUDIO.intervalMs);
    setTimeout(() => {
      setInterval(() => {
        for (let i = 0; i < VIDEO.packetsPerFrame; i++) socket.send(video, port, HOST);
      }, VIDEO.intervalMs);
    }, phase);
  }
  process.send('ready');
  process.on('message', () => process.exit(0));
}

async function run({sessions, participants}, {relay, port}) {
  await warmUp(port);
  const groups = [];
  for (let s = 0; s < sessions; s++) for (let p = 0; p < participants; p++) groups.push(s);
  const workers = [];
  for (let i = 0; i < groups.length; i += PEERS_PER_WORKER) {
    const worker = fork(fileURLToPath(import.meta.url), ['--worker'], {stdio: 'inherit'});
    workers.push(worker);
    await new Promise((r) => {
      worker.once('message', r);
      worker.send({port, groups: groups.slice(i, i + PEERS_PER_WORKER)});
    });
  }
  const control = await udpSocket();
  try {
    await sleep(WARMUP_S * 1000);
    const cpuBefore = relayCpu(relay.pid);
    const forwardedBefore = await relayForwarded(relay, port, control);
    await sleep(WINDOW_S * 1000);
    const cpuAfter = relayCpu(relay.pid);
    const forwarded = (await relayForwarded(relay, port, control)) - forwardedBefore;
    const ticks = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
    return {
      forwardedPerSecond: forwarded / WINDOW_S,
      microsPerPacket: (cpuAfter.nanos - cpuBefore.nanos) / 1e3 / forwarded,
      systemShare: ticks ? (cpuAfter.system - cpuBefore.system) / ticks : NaN,
    };
  } finally {
    control.close();
    await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r).send('stop'))));
  }
}

async function main() {
  const binary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'medirelay-floor-')), 'udp-relay');
  execFileSync('gcc', ['-O2', '-o', binary, fileURLToPath(new URL('floor/udp-relay.c', import.meta.url))]);
  const relays = [
    {name: 'C', command: binary, args: []},
    {name: 'Java', command: 'java', args: ['-Xmx64m', fileURLToPath(new URL('floor/UdpRelay.java', import.meta.url))]},
  ];
  const rows = [];
  try {
    for (const scenario of scenarios) {
      const row = {scenario: `${scenario.sessions} × ${scenario.participants}`};
      // A fresh relay per scenario and kind, so each starts with an empty group table.
      for (const kind of relays) {
        const started = await startRelay(kind.command, kind.args);
        try {
          row[kind.name] = await run(scenario, started);
        } finally {
          started.relay.kill();
        }
      }
      rows.push(row);
      console.error(`done ${row.scenario}: ${JSON.stringify(row)}`);
    }
  } finally {
    fs.rmSync(path.dirname(binary), {recursive: true, force: true});
  }

  const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  console.log(
    `Plain UDP relays on loopback, ${WINDOW_S} s window after ${WARMUP_S} s; per publisher audio ` +
      `${1000 / AUDIO.intervalMs}×${AUDIO.bytes} B/s and video 15×${VIDEO.packetsPerFrame}×${VIDEO.bytes} B/s, ` +
      `${PEERS_PER_WORKER} participants per client process; ${os.cpus().length} cores, load average ` +
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
  );
  console.log(
    '| sessions × participants | forwarded packets/s | C relay µs / forwarded packet (kernel share) | ' +
      'Java relay µs / forwarded packet (kernel share) |',
  );
  console.log('|---|---|---|---|');
  for (const r of rows) {
    const cell = (x) => `${f(x.microsPerPacket)} (${f(100 * x.systemShare, 0)} %)`;
    console.log(`| ${r.scenario} | ${f(r.C.forwardedPerSecond, 0)} | ${cell(r.C)} | ${cell(r.Java)} |`);
  }
}

if (args.includes('--worker')) {
  process.once('message', hostParticipants);
} else {
  await main();
}
