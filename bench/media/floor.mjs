// The floor under the media node's CPU figures: what this machine's kernel charges to receive and forward the same
// traffic with no SFU work at all.
//
// Compiles floor/udp-relay.c (gcc), runs it on loopback, and plays the media benchmark's traffic through it: per
// publisher, Opus-sized audio (50 packets/s of 60 bytes) and VP8-sized video (15 frames/s of 5 packets of 1040 bytes,
// sent back to back as an encoder does), from one UDP socket per participant that also receives everyone else's
// packets. It reports the relay's CPU time per forwarded packet (/proc/<pid>/task/<pid>/schedstat, nanoseconds), its
// kernel share, and forwarded packets per second, for the same scenarios as load.mjs. Whatever the media node spends
// above this figure is its own work (ICE, SRTP, RTCP, the JVM); the figure itself is the machine's: recvfrom, sendto
// and, on loopback, the receiving client's delivery, which the kernel bills to the sender.
//
// Usage: node floor.mjs [scenarios] [--window=20] [--warmup=5] [--peers-per-worker=2]   (scenarios as in load.mjs, default 1x2,1x4,1x8,1x16,4x2,8x2)

import {spawn, fork, execFileSync} from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const found = args.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const scenarios = (args.find((a) => !a.startsWith('--')) || '1x2,1x4,1x8,1x16,4x2,8x2')
  .split(',')
  .map((s) => s.split('x').map(Number))
  .map(([sessions, participants]) => ({sessions, participants}));
const WINDOW_S = option('window', 20);
const WARMUP_S = option('warmup', 5);
const PEERS_PER_WORKER = option('peers-per-worker', 2);
const AUDIO = {intervalMs: 20, bytes: 60};
const VIDEO = {intervalMs: 1000 / 15, packetsPerFrame: 5, bytes: 1040};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the relay on a free port; resolves with the process and its port. */
function startRelay(binary) {
  const relay = spawn(binary, ['0'], {stdio: ['ignore', 'pipe', 'inherit']});
  return new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.stdout.once('data', (chunk) => resolve({relay, port: Number(/listening (\d+)/.exec(chunk.toString())[1])}));
  });
}

/** Run time (ns) and user/system ticks of the relay's one thread. */
function relayCpu(pid) {
  const nanos = Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {nanos, user: Number(fields[11]), system: Number(fields[12])};
}

function relayForwarded(relay) {
  return new Promise((resolve) => {
    const onData = (chunk) => {
      const match = /forwarded (\d+)/.exec(chunk.toString());
      if (match) {
        relay.stdout.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    relay.stdout.on('data', onData);
    relay.kill('SIGUSR1');
  });
}

/**
 * Worker side: hosts the participants it is given (by default two, like load.mjs's client processes, so the wake-ups
 * the relay's sends cause in the clients are the same in number), publishes until told to stop.
 */
async function hostParticipants({port, groups}) {
  const audio = Buffer.alloc(AUDIO.bytes, 1);
  const video = Buffer.alloc(VIDEO.bytes, 2);
  const handles = [];
  for (const group of groups) {
    const socket = dgram.createSocket('udp4');
    socket.on('message', () => {});
    await new Promise((r) => socket.bind(0, '127.0.0.1', r));
    socket.send(Buffer.from([0xff, group]), port, '127.0.0.1');
    // Each publisher starts at its own phase, as independent browsers do.
    const phase = Math.random() * VIDEO.intervalMs;
    handles.push(
      setTimeout(
        () => handles.push(setInterval(() => socket.send(audio, port, '127.0.0.1'), AUDIO.intervalMs)),
        phase % AUDIO.intervalMs,
      ),
      setTimeout(() => {
        handles.push(
          setInterval(() => {
            for (let i = 0; i < VIDEO.packetsPerFrame; i++) socket.send(video, port, '127.0.0.1');
          }, VIDEO.intervalMs),
        );
      }, phase),
    );
  }
  process.send('ready');
  process.on('message', () => process.exit(0));
}

async function run({sessions, participants}, port, relay) {
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
  await sleep(WARMUP_S * 1000);
  const cpuBefore = relayCpu(relay.pid);
  const forwardedBefore = await relayForwarded(relay);
  await sleep(WINDOW_S * 1000);
  const cpuAfter = relayCpu(relay.pid);
  const forwardedAfter = await relayForwarded(relay);
  await Promise.all(workers.map((w) => new Promise((r) => w.once('exit', r).send('stop'))));
  const forwarded = forwardedAfter - forwardedBefore;
  const ticks = cpuAfter.user - cpuBefore.user + (cpuAfter.system - cpuBefore.system);
  return {
    scenario: `${sessions} × ${participants}`,
    forwardedPerSecond: forwarded / WINDOW_S,
    cpuPercent: (100 * (cpuAfter.nanos - cpuBefore.nanos)) / 1e9 / WINDOW_S,
    microsPerPacket: (cpuAfter.nanos - cpuBefore.nanos) / 1e3 / forwarded,
    systemShare: ticks ? (cpuAfter.system - cpuBefore.system) / ticks : NaN,
  };
}

if (args.includes('--worker')) {
  process.once('message', hostParticipants);
} else {
  await main();
}

async function main() {
  const binary = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'medirelay-floor-')), 'udp-relay');
  execFileSync('gcc', ['-O2', '-o', binary, fileURLToPath(new URL('floor/udp-relay.c', import.meta.url))]);
  // One relay per scenario, so each starts with an empty group table.
  const results = [];
  for (const scenario of scenarios) {
    const {relay, port} = await startRelay(binary);
    try {
      const result = await run(scenario, port, relay);
      results.push(result);
      console.error(`done ${result.scenario}: ${JSON.stringify(result)}`);
    } finally {
      relay.kill();
    }
  }
  fs.rmSync(path.dirname(binary), {recursive: true, force: true});

  const f = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  console.log(
    `Plain UDP relay (floor/udp-relay.c) on loopback, ${WINDOW_S} s window after ${WARMUP_S} s; per publisher ` +
      `audio ${1000 / AUDIO.intervalMs}×${AUDIO.bytes} B/s and video 15×${VIDEO.packetsPerFrame}×${VIDEO.bytes} B/s; ` +
      `${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    '| sessions × participants | forwarded packets/s | relay CPU % | relay CPU µs / forwarded packet | kernel share |',
  );
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.scenario} | ${f(r.forwardedPerSecond, 0)} | ${f(r.cpuPercent)} | ${f(r.microsPerPacket)} | ${f(100 * r.systemShare, 0)} % |`,
    );
  }
}
