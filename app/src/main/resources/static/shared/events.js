// The signed-in user's event stream (GET /api/events, server-sent events), read with fetch because EventSource cannot
// send the Authorization header and the access token must not travel in a URL. A dropped stream is opened again
// after 1, 2, 4 … up to 15 s; every opening is announced by the server as `ready`, after which a page loads again
// what it shows, since events may have passed while it was away. Events: `ready`, `call:request`, `call:accept`,
// `call:reject`, `call:cancel`, `call:end`, `call:busy` (a ring, README "Ringing"), `appointment:changed`,
// `calls:changed`; each one's data is JSON.
import { openStream } from '/shared/api.js';

const handlers = new Map(); // event name → its callbacks
let running = null; // the AbortController of the open stream

/** Calls `callback(data)` for every event of this name. */
export function on(type, callback) {
  if (!handlers.has(type)) handlers.set(type, new Set());
  handlers.get(type).add(callback);
}

/** Opens the stream (once, however often called) and keeps it open until disconnect(). */
export function connect() {
  if (running) return;
  running = new AbortController();
  keepOpen(running.signal);
}

export function disconnect() {
  if (running) running.abort();
  running = null;
}

function emit(type, data) {
  for (const callback of handlers.get(type) || []) {
    try {
      callback(data);
    } catch (e) {
      console.error('event ' + type, e);
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function keepOpen(signal) {
  let pause = 1000;
  while (!signal.aborted) {
    try {
      const response = await openStream('/api/events', signal);
      pause = 1000;
      await read(response.body, signal);
    } catch (e) {
      // Signed out (401: the page signs out) or a role without events (403): nothing to retry.
      if (signal.aborted || e.status === 401 || e.status === 403) return;
    }
    await sleep(pause + Math.random() * 500);
    pause = Math.min(pause * 2, 15000);
  }
}

/** Reads `event:` and `data:` lines until the stream ends; a blank line ends each event, `:` starts a comment. */
async function read(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  signal.addEventListener('abort', () => reader.cancel().catch(() => {}));
  let buffer = '';
  let type = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const lines = buffer.split('\n');
    buffer = lines.pop();
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') {
        if (data.length) emit(type, JSON.parse(data.join('\n')));
        type = 'message';
        data = [];
      } else if (line.startsWith('event:')) {
        type = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
      }
    }
  }
}
