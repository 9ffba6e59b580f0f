// The load drivers' side of the worker processes (clients.mjs) that host libwebrtc participants, shared by load.mjs
// and churn.mjs: a Worker is one such process, a Client one participant in it; requests go out and answers come back
// as IPC messages.
import {fork} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const workerScript = fileURLToPath(new URL('./clients.mjs', import.meta.url));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let nextClientId = 0;

/** One worker process and the participants it hosts, each publishing `video` ({width, height, fps, maxBitrate, …}). */
export class Worker {
  constructor(video) {
    this.video = video;
    this.process = fork(workerScript, [], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
    this.pending = new Map();
    this.clients = new Map();
    this.exited = false;
    this.closing = false;
    // A worker can die under a long run (libwebrtc is native code): its participants fail, the run goes on.
    this.process.on('error', (e) => console.error(`client worker: ${e.message}`));
    this.process.on('exit', (code, signal) => {
      this.exited = true;
      if (!this.closing) console.error(`a client worker ended (${signal || `exit ${code}`}); its participants failed`);
      for (const client of this.clients.values()) client.onFailed(new Error('its worker process ended'));
      for (const [id, resolve] of this.pending) resolve({type: 'left', id, lost: true});
      this.pending.clear();
    });
    this.process.on('message', (m) => {
      const client = this.clients.get(m.id);
      if (m.type === 'inbound' || m.type === 'left') this.answered(m);
      else if (!client) return; // news of a participant that has left
      else if (m.type === 'connected') client.onConnected();
      else if (m.type === 'failed') client.onFailed(new Error(m.error));
    });
  }

  join(client) {
    this.clients.set(client.id, client);
    if (!this.alive()) {
      client.onFailed(new Error('its worker process ended'));
      return;
    }
    this.process.send({type: 'join', id: client.id, name: client.name, video: this.video, ...client.join});
  }

  inbound(client) {
    return this.ask(client, 'inbound');
  }

  /** The client leaves its session (signaling leave, peer connection closed); the worker forgets it. */
  async leave(client) {
    await this.ask(client, 'leave');
    this.clients.delete(client.id);
  }

  /** Whether the process is there to talk to. */
  alive() {
    return !this.exited && this.process.connected;
  }

  /** Sends a request about `client`; a worker that has gone answers at once, with `lost` set. */
  ask(client, type) {
    if (!this.alive()) return Promise.resolve({type, id: client.id, lost: true});
    return new Promise((resolve) => {
      this.pending.set(client.id, resolve);
      this.process.send({type, id: client.id});
    });
  }

  answered(m) {
    const resolve = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (resolve) resolve(m);
  }

  close() {
    this.closing = true;
    if (!this.alive()) return Promise.resolve();
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.send({type: 'close'});
    return Promise.race([exited, sleep(5000)]);
  }
}

/** A participant: `group` names its session or room, `join` is what its worker needs to join it. */
export class Client {
  constructor(worker, group, name, join) {
    this.id = nextClientId++;
    this.worker = worker;
    this.group = group;
    this.name = name;
    this.join = join;
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

  leave() {
    return this.worker.leave(this);
  }
}
