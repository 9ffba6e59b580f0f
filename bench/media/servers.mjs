// The servers load.mjs drives, each its built jar as its own process on loopback, configured through the environment
// as an operator runs them (./medirelay): the app, with secrets generated for the run and its embedded store in a
// temporary folder, and the media node, which registers with the app and verifies join tokens against the app's JWKS.
// Sessions and join tokens come from the app's integration API, as a clinic's backend gets them (README's API table):
// POST /sessions, then POST /sessions/{id}/join for each participant, with the X-Internal-Secret header.
//
// env APP_JAR, MEDIA_NODE_JAR: the jars (default: what mvn package builds in ../../app and ../../media-node)
// env MEDIA_NODE_JAVA_OPTS: extra JVM options for the node (a flight recording, say)
// env JANUS: the Janus binary for load.mjs --sfu=janus|both (default: janus on the PATH); JANUS_LIB: its modules'
//   folder (default Debian's /usr/lib/x86_64-linux-gnu/janus); JANUS_ICE_ADDRESS: the one address Janus's ICE uses
//   (default: this machine's IPv4 address on the default route's interface; Janus never uses loopback interfaces);
//   JANUS_WS_IP: the address its WebSocket API listens on (default 127.0.0.1)
// env BENCH_VERBOSE: pass the servers' logs through

import {spawn} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const jar = (module) =>
  fileURLToPath(new URL(`../../${module}/target/medirelay-${module}-0.1.0-SNAPSHOT.jar`, import.meta.url));
const APP_JAR = process.env.APP_JAR || jar('app');
const NODE_JAR = process.env.MEDIA_NODE_JAR || jar('media-node');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secret = () => crypto.randomBytes(32).toString('hex');

/** Starts a jar with `env` added to this process's environment; its output is shown only with BENCH_VERBOSE. */
function java(jarFile, env, options = []) {
  if (!fs.existsSync(jarFile)) {
    console.error(`No jar at ${jarFile}: build it with mvn -B -q -pl app,media-node -am package -DskipTests`);
    process.exit(2);
  }
  const child = spawn('java', ['-Xmx512m', ...options, '-jar', jarFile], {
    env: {...process.env, ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const verbose = (chunk) => (process.env.BENCH_VERBOSE ? process.stderr.write(chunk) : null);
  child.stdout.on('data', verbose);
  child.stderr.on('data', verbose);
  process.on('exit', () => child.kill('SIGKILL'));
  return child;
}

/** SIGTERM and a wait, so shutdown hooks run (a flight recording given in MEDIA_NODE_JAVA_OPTS is written). */
async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10000)]);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });

/** The app, up once its /health answers; `nodeSecret` is for the media node's heartbeats. */
export async function startApp() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'medirelay-bench-app-'));
  const internalSecret = secret();
  const nodeSecret = secret();
  const child = java(APP_JAR, {
    PORT: String(port), CLIENT_BASE_URL: url, DATA_DIR: dataDir, MONGO_URI: '', MEDIRELAY_DEV: 'false',
    INTERNAL_SECRET: internalSecret, MEDIA_NODE_SECRET: nodeSecret,
    // load.mjs runs calls of up to 16 (1 × 16), beyond a clinic's guest limit.
    MAX_GUESTS_PER_SESSION: '64',
  });
  process.on('exit', () => fs.rmSync(dataDir, {recursive: true, force: true})); // after java()'s hook killed the app
  for (const deadline = Date.now() + 120000; ; await sleep(500)) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} (BENCH_VERBOSE=1 shows why)`);
    if (Date.now() > deadline) throw new Error('the app did not answer /health within 120 s');
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
  }

  /** A call of the integration API: the JSON answer, or an error naming the request and the app's problem. */
  async function integration(pathName, body) {
    const response = await fetch(url + pathName, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-Internal-Secret': internalSecret},
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${pathName}: ${response.status} ${await response.text()}`);
    return response.json();
  }

  /** A session for `appointmentId` and the media node it was placed on. */
  const createSession = (appointmentId) =>
    integration('/sessions', {appointmentId, doctorId: `d-${appointmentId}`, patientId: `p-${appointmentId}`});

  return {
    url,
    nodeSecret,
    createSession,

    /**
     * A new session with `names.length` participants: the first joins as its doctor, the second as its patient, the
     * rest as guests. Returns the session's id and each participant's join token (from the join URL).
     */
    async session(appointmentId, names) {
      const {sessionId} = await createSession(appointmentId);
      const tokens = [];
      for (const [i, displayName] of names.entries()) {
        const [role, userId] = [['doctor', `d-${appointmentId}`], ['patient', `p-${appointmentId}`]][i] || ['guest', `g${i}`];
        const {joinUrl} = await integration(`/sessions/${sessionId}/join`, {role, userId, displayName});
        tokens.push(new URL(joinUrl).searchParams.get('token'));
      }
      return {sessionId, tokens};
    },

    async stop() {
      await stop(child);
      fs.rmSync(dataDir, {recursive: true, force: true});
    },
  };
}

/**
 * A media node registered with `app`: up once it prints its signaling URL and the app places new sessions on it.
 * Returns its process id, signaling and metrics URLs, and stop().
 */
export async function startNode(app, id) {
  const options = (process.env.MEDIA_NODE_JAVA_OPTS || '').split(' ').filter(Boolean);
  const child = java(
    NODE_JAR,
    {
      MEDIA_NODE_ID: id, MEDIA_UDP_PORT: '0', MEDIA_SIGNALING_PORT: '0', MEDIA_BIND_ADDRESSES: '127.0.0.1',
      MEDIA_SIGNALING_HOST: '127.0.0.1', APP_URL: app.url, MEDIA_NODE_SECRET: app.nodeSecret,
      // Every client connects from loopback: one address for all, beyond the default cap of 50.
      MEDIA_SIGNALING_MAX_CONNECTIONS_PER_ADDRESS: '1000',
      MEDIA_MAX_PARTICIPANTS_PER_SESSION: '64', // as MAX_GUESTS_PER_SESSION above
    },
    options,
  );
  const signalingUrl = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/signaling (ws:\/\/\S+), UDP port \d+/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`media node exited with ${code}`)));
    setTimeout(() => reject(new Error('media node did not start in 60 s')), 60000);
  });
  // Its first heartbeat goes out at start; until the app has it, sessions are placed nowhere.
  for (const deadline = Date.now() + 30000; (await app.createSession('bench-ready')).sfuNodeId !== id; await sleep(250)) {
    if (Date.now() > deadline) throw new Error(`the app did not place sessions on ${id} within 30 s`);
  }
  return {
    pid: child.pid,
    signalingUrl,
    metricsUrl: signalingUrl.replace('ws://', 'http://').replace(/\/ws$/, '/metrics'),
    stop: () => stop(child),
  };
}

// ---- Janus (Debian's janus 1.1.x), the peer load.mjs --sfu=janus|both measures against ----

const JANUS_LIB = process.env.JANUS_LIB || '/usr/lib/x86_64-linux-gnu/janus';

/** The shared objects in one of Janus's module folders, but `keep`: what its `disable` list names. */
const janusModulesBut = (folder, keep = []) =>
  fs.existsSync(path.join(JANUS_LIB, folder))
    ? fs.readdirSync(path.join(JANUS_LIB, folder)).filter((f) => f.endsWith('.so') && !keep.includes(f)).join(',')
    : '';

/**
 * The address Janus gathers its ICE candidates on. Janus never uses a loopback interface (ice.c skips IFF_LOOPBACK,
 * and an enforce list that matches nothing lets libnice take every interface), so it gets this machine's own address
 * on the interface of the default route (env JANUS_ICE_ADDRESS to choose another): datagrams between a machine's own
 * addresses go through the loopback device all the same, as the node's do on 127.0.0.1.
 */
function janusIceAddress() {
  if (process.env.JANUS_ICE_ADDRESS) return process.env.JANUS_ICE_ADDRESS;
  const interfaces = os.networkInterfaces();
  const ipv4 = (name) => (interfaces[name] || []).find((a) => a.family === 'IPv4' && !a.internal);
  const routes = fs.existsSync('/proc/net/route') ? fs.readFileSync('/proc/net/route', 'utf8').split('\n').slice(1) : [];
  const defaultRoute = routes.map((l) => l.split('\t')).find((f) => f[1] === '00000000');
  const found = (defaultRoute && ipv4(defaultRoute[0])) || Object.keys(interfaces).map(ipv4).find(Boolean);
  if (!found) throw new Error('no IPv4 address but loopback for Janus to gather candidates on (set JANUS_ICE_ADDRESS)');
  return found.address;
}

/**
 * Janus's configuration for the bench, written from scratch into `dir`: its defaults but for logging (warnings and
 * errors only, no colours, no timestamps), no event handlers or loggers, only the VideoRoom plugin and the WebSocket
 * transport (on `wsIp`:`wsPort`, no admin API), ICE on `iceAddress` alone, and RTP ports from `rtpPorts`.
 * Rooms are created through the API by the bench (janus.mjs), so the plugin's file has no rooms.
 */
function writeJanusConfig(dir, {wsIp, wsPort, rtpPorts, iceAddress}) {
  fs.writeFileSync(path.join(dir, 'janus.jcfg'), `general: {
  configs_folder = "${dir}"
  plugins_folder = "${JANUS_LIB}/plugins"
  transports_folder = "${JANUS_LIB}/transports"
  events_folder = "${JANUS_LIB}/events"
  loggers_folder = "${JANUS_LIB}/loggers"
  debug_level = 3
  debug_colors = false
}
media: {
  rtp_port_range = "${rtpPorts}"
}
nat: {
  nice_debug = false
  ice_enforce_list = "${iceAddress}"
}
plugins: {
  disable = "${janusModulesBut('plugins', ['libjanus_videoroom.so'])}"
}
transports: {
  disable = "${janusModulesBut('transports', ['libjanus_websockets.so'])}"
}
loggers: {
  disable = "${janusModulesBut('loggers')}"
}
events: {
  broadcast = false
  disable = "${janusModulesBut('events')}"
}
`);
  fs.writeFileSync(path.join(dir, 'janus.transport.websockets.jcfg'), `general: {
  json = "plain"
  ws = true
  ws_port = ${wsPort}
  ws_ip = "${wsIp}"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`);
  fs.writeFileSync(path.join(dir, 'janus.plugin.videoroom.jcfg'), 'general: {\n}\n');
}

/**
 * Janus with the configuration above in a temporary folder, up once its WebSocket API accepts connections. Returns its
 * process id, WebSocket URL and stop(); the folder goes with it. env JANUS (default: janus on the PATH) picks the
 * binary, BENCH_VERBOSE passes its log through.
 */
export async function startJanus() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medirelay-bench-janus-'));
  const wsPort = await freePort();
  // A random slice of the high ports, so two benches on one machine do not fight over the same ones.
  const low = 40000 + 2000 * crypto.randomInt(10);
  const iceAddress = janusIceAddress();
  const wsIp = process.env.JANUS_WS_IP || '127.0.0.1';
  writeJanusConfig(dir, {wsIp, wsPort, rtpPorts: `${low}-${low + 1999}`, iceAddress});
  const child = spawn(process.env.JANUS || 'janus', ['-F', dir, '-C', path.join(dir, 'janus.jcfg')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk).slice(-20000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const failed = new Promise((resolve) => child.once('error', resolve));
  process.on('exit', () => {
    child.kill('SIGKILL');
    fs.rmSync(dir, {recursive: true, force: true});
  });
  const url = `ws://${wsIp}:${wsPort}`;
  for (const deadline = Date.now() + 30000; ; await sleep(200)) {
    if (child.exitCode !== null || child.signalCode !== null || (await Promise.race([failed, sleep(0)]))) {
      throw new Error(`janus did not start (apt-get install janus?): ${log.slice(-2000)}`);
    }
    if (Date.now() > deadline) throw new Error(`janus did not open ${url} within 30 s: ${log.slice(-2000)}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(wsPort, wsIp, () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (open) break;
  }
  return {
    pid: child.pid,
    url,
    iceAddress,
    version: (log.match(/Janus \(WebRTC Server\) v(\S+)/) || [])[1] || '(version unknown)',
    log: () => log,
    async stop() {
      await stop(child);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, {recursive: true, force: true});
    },
  };
}
