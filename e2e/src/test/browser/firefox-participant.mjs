// One Firefox participant in a call, for the Java tests (testkit's FirefoxParticipant) and by hand:
//
//   node firefox-participant.mjs --url JOIN_URL --stats-script call-stats.js [--firefox /usr/bin/firefox-esr]
//
// It starts headless Firefox (Debian's firefox-esr) through WebDriver BiDi with puppeteer-core, with a fake camera
// and microphone, installs the stats script (testkit's call-stats.js, which wraps RTCPeerConnection and samples the
// page's getStats() once a second) before the page's own scripts, and opens the join URL. Every second it prints
// one JSON line on stdout:
//
//   {"at": epoch ms, "callState": the page's <body data-call-state> or null, "samples": [what the script took]}
//
// It stops, closing Firefox and removing its temporary profile, when its stdin closes or on SIGTERM or SIGINT, and
// exits 1 with a message on stderr when Firefox cannot start, the page cannot be opened or Firefox goes away.
// Run inside a network namespace (`ip netns exec NS node …`) it talks to Firefox over the namespace's own loopback.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import puppeteer from 'puppeteer-core';

const USAGE = 'usage: node firefox-participant.mjs --url JOIN_URL --stats-script FILE [--firefox /usr/bin/firefox-esr]';

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string' },
        'stats-script': { type: 'string' },
        firefox: { type: 'string', default: '/usr/bin/firefox-esr' },
      },
    }));
  } catch (e) {
    fail(`${e.message}\n${USAGE}`);
  }
  if (!values.url || !values['stats-script']) fail(USAGE);
  let url;
  try {
    url = new URL(values.url);
  } catch {
    fail(`not a URL: ${values.url}\n${USAGE}`);
  }
  return { url, statsScript: values['stats-script'], firefox: values.firefox };
}

/**
 * What makes Firefox a test participant. The join page may be served over plain http from an address that is not
 * loopback (a browser in a network namespace reaches the host at its veth address): the allowlist makes that origin
 * a secure context, where getUserMedia exists, as Chromium's --unsafely-treat-insecure-origin-as-secure does.
 */
function preferences(url) {
  return {
    // A fake camera (a flat colour that changes) and microphone (a tone), granted without a prompt.
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    'dom.securecontext.allowlist': url.hostname,
    // Remote audio plays without a click.
    'media.autoplay.default': 0,
    'media.autoplay.blocking_policy': 0,
    // Host candidates carry real addresses (the media node ignores mDNS names), loopback ones included, so that a
    // test on 127.0.0.1 keeps its traffic there.
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    'media.peerconnection.ice.loopback': true,
    // This machine's network is closed: nothing to update, report or fetch in the background.
    'app.update.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'network.captive-portal-service.enabled': false,
    // Paint 15 times a second, not 60: headless, nobody sees it, and on a 2-core machine the painting took most of a
    // core, whose jitter the congestion controllers on both sides read as a queue (a call's estimates collapsed).
    'layout.frame_rate': 15,
  };
}

function fail(message) {
  process.stderr.write(`firefox-participant: ${message}\n`);
  process.exit(1);
}

const { url, statsScript, firefox } = options();
const script = await readFile(statsScript, 'utf8').catch((e) => fail(`cannot read ${statsScript}: ${e.message}`));

const browser = await puppeteer
  .launch({
    browser: 'firefox',
    executablePath: firefox,
    headless: true,
    // A small window (a tablet's): its remote tile asks the node for the 360-line layer, which headless Firefox
    // decodes in real time beside everything else on a 2-core machine; 720 lines it decoded at 3 fps there.
    defaultViewport: { width: 640, height: 480 },
    extraPrefsFirefox: preferences(url),
    // Stopping is ours to do (below), so that the profile is removed whichever way the stop comes.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  })
  .catch((e) => fail(`cannot start ${firefox}: ${e.message}`));

let stopping = false;
let ticker;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  clearInterval(ticker);
  await browser.close().catch((e) => process.stderr.write(`firefox-participant: closing Firefox: ${e.message}\n`));
  process.exit(code);
}

process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
process.stdin.resume();
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
browser.on('disconnected', () => {
  if (!stopping) {
    process.stderr.write('firefox-participant: Firefox went away\n');
    stopping = true;
    process.exit(1);
  }
});

// The window Firefox opened with: a second one would leave this one open behind it.
const [page] = await browser.pages();
page.on('console', (message) => process.stderr.write(`page ${message.type()}: ${message.text()}\n`));
page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
await page.evaluateOnNewDocument(script);

let busy = false;
ticker = setInterval(async () => {
  if (busy || stopping) return;
  busy = true;
  try {
    const reading = await page.evaluate(() => ({
      callState: (document.body && document.body.dataset.callState) || null,
      samples: window.mediRelayCallStats ? window.mediRelayCallStats.take() : '[]',
    }));
    const line = { at: Date.now(), callState: reading.callState, samples: JSON.parse(reading.samples) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } catch (e) {
    // The page is between documents (still loading, or navigating): the next second reads the new one.
    process.stderr.write(`firefox-participant: reading the page: ${e.message}\n`);
  } finally {
    busy = false;
  }
}, 1000);

await page.goto(url.href, { waitUntil: 'load' }).catch((e) => {
  process.stderr.write(`firefox-participant: cannot open ${url.href}: ${e.message}\n`);
  stop(1);
});
// The join page opens on its device check: Join, once the camera and microphone are open.
await page
  .waitForSelector('[data-action="join"]:not([disabled])', { timeout: 20000 })
  .then((join) => join.click())
  .catch((e) => {
    process.stderr.write(`firefox-participant: no Join button on the device check: ${e.message}\n`);
    stop(1);
  });
