// libwebrtc participants in one media-node session, for the tests that need more people in a call than a 2-core
// machine runs browsers for (e2e's GroupConsultTest): each joins with the join token it is given, publishes the
// synthetic video (VP8, as simulcast when asked) and audio (Opus) of clients.mjs, subscribes to everyone else, and a
// host among them admits whoever waits. Once a second the script prints one JSON line of what each has received:
//
//   {"at": ms, "participants": [{"name": "...", "id": "<the node's id for it>", "connectionState": "connected",
//     "received": [{"from": "<the publisher's node id>", "kind": "video", "height": 360, "framesDecoded": 512,
//                   "samples": 0, "concealed": 0}, …]}, …]}
//
// Tokens are secrets, so they come on standard input, not the command line: one JSON line
//   {"signalingUrl": "ws://…/ws", "sessionId": "…", "video": {"width": 640, "height": 360, "fps": 15,
//    "maxBitrate": 1000000, "simulcast": true}, "participants": [{"name": "…", "token": "…"}, …]}
// The participants leave and the script ends when standard input closes (or on SIGTERM).
import readline from 'node:readline';
import {Client, Worker} from './workers.mjs';

const input = readline.createInterface({input: process.stdin});
const lines = input[Symbol.asyncIterator]();
const first = await lines.next();
if (first.done) {
  console.error('participants.mjs: no session on standard input (see the header for its JSON line)');
  process.exit(2);
}
const {signalingUrl, sessionId, video, participants} = JSON.parse(first.value);

// One worker process for all: a few participants are well within its threads (clients.mjs says why there are workers).
const worker = new Worker({noise: 31, ...video});
const clients = participants.map(({name, token}) => new Client(worker, sessionId, name, {signalingUrl, sessionId, token}));
clients.forEach((c) => c.start());
clients.forEach((c) => c.connected.catch((e) => console.error(`participants.mjs: ${c.name}: ${e.message}`)));

const report = setInterval(async () => {
  const stats = await Promise.all(clients.map((c) => c.inbound()));
  const line = stats.map((r, i) => ({
    name: clients[i].name,
    id: r.ssrcs && r.ssrcs.length ? r.ssrcs[0].split('/')[0] : null,
    connectionState: r.connectionState || 'lost',
    received: (r.received || []).map(({ssrc, ...rest}) => ({from: ssrc.split('/')[0], ...rest})),
  }));
  process.stdout.write(`${JSON.stringify({at: Date.now(), participants: line})}\n`);
}, 1000);

const end = async () => {
  clearInterval(report);
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', end);
// Anything further on standard input is ignored; its end is the signal to leave.
for await (const ignored of {[Symbol.asyncIterator]: () => lines}) void ignored;
await end();
