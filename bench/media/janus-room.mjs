// Janus VideoRoom for browsers, as bench/quality drives it: starts Janus (servers.mjs: its defaults but for logging, the
// VideoRoom plugin and the WebSocket transport only; JANUS_WS_IP and JANUS_ICE_ADDRESS say where it listens), creates
// one room for up to `--publishers` (4) with the bench's settings but transport-wide congestion control on, so browsers
// estimate their uplinks as they do with the media node, and prints one JSON line: {"url": "ws://…", "room": N,
// "version": "…"}. Janus stops and its folder goes when standard input closes (or on SIGTERM).
//
// Usage: node janus-room.mjs [--publishers=4]
import {option} from './cli.mjs';
import {ROOM_SETTINGS, rooms} from './janus.mjs';
import {startJanus} from './servers.mjs';

const janus = await startJanus();
const manager = await rooms(janus.url);
const room = 1000 + Math.floor(Math.random() * 1000);
await manager.create(room, option('publishers', 4), {...ROOM_SETTINGS, transport_wide_cc_ext: true});
process.stdout.write(`${JSON.stringify({url: janus.url, room, version: janus.version})}\n`);

const end = async () => {
  await manager.close();
  await janus.stop();
  process.exit(0);
};
process.on('SIGTERM', end);
process.stdin.on('end', end);
process.stdin.resume();
