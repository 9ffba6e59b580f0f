// Installed before any of the page's scripts run: by CallStatsRecorder in Chromium (DevTools
// Page.addScriptToEvaluateOnNewDocument), by FirefoxParticipant's driver in Firefox (a WebDriver BiDi preload
// script). It keeps the page's RTCPeerConnections, and once a second reads the getStats() of every open one into a
// compact sample that the test collects later: the call page has one open at a time; a page of another SFU may
// publish and subscribe on two (Janus's VideoRoom, bench/quality), whose streams then add up as one page's.
// Sampling here, not from the test, keeps the samples a second apart whatever the latency of the test's commands.
(() => {
  if (window.mediRelayCallStats || !window.RTCPeerConnection) return;
  const connections = [];
  const samples = [];
  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      connections.push(this);
    }
  };

  const number = (value) => (typeof value === 'number' ? value : 0);
  const rate = (value) => (typeof value === 'number' ? value : null);

  function read(reports) {
    const sample = {
      at: Date.now(),
      videoIn: { framesDecoded: 0, framesPerSecond: null, width: 0, height: 0, freezeCount: 0,
        totalFreezesDuration: 0, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 },
      audioIn: { concealedSamples: 0, totalSamplesReceived: 0, packetsReceived: 0, packetsLost: 0 },
      videoOut: { bytesSent: 0, width: 0, height: 0, framesPerSecond: null, targetBitrate: null,
        qualityLimitationReason: '' },
      roundTripTime: null,
      availableOutgoingBitrate: null,
    };
    let mostFrames = -1;
    let largestSent = -1;
    for (const report of reports) {
      let pairId = null;
      report.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          const v = sample.videoIn;
          v.framesDecoded += number(s.framesDecoded);
          v.freezeCount += number(s.freezeCount);
          v.totalFreezesDuration += number(s.totalFreezesDuration);
          v.bytesReceived += number(s.bytesReceived);
          v.packetsReceived += number(s.packetsReceived);
          v.packetsLost += number(s.packetsLost);
          if (number(s.framesDecoded) > mostFrames) {
            mostFrames = number(s.framesDecoded);
            v.framesPerSecond = rate(s.framesPerSecond);
            v.width = number(s.frameWidth);
            v.height = number(s.frameHeight);
          }
        } else if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          const a = sample.audioIn;
          a.concealedSamples += number(s.concealedSamples);
          a.totalSamplesReceived += number(s.totalSamplesReceived);
          a.packetsReceived += number(s.packetsReceived);
          a.packetsLost += number(s.packetsLost);
        } else if (s.type === 'outbound-rtp' && s.kind === 'video') {
          const o = sample.videoOut;
          o.bytesSent += number(s.bytesSent);
          if (typeof s.targetBitrate === 'number') o.targetBitrate = number(o.targetBitrate) + s.targetBitrate;
          const pixels = number(s.frameWidth) * number(s.frameHeight);
          if (pixels > largestSent) {
            largestSent = pixels;
            o.width = number(s.frameWidth);
            o.height = number(s.frameHeight);
            o.framesPerSecond = rate(s.framesPerSecond);
            o.qualityLimitationReason = s.qualityLimitationReason || '';
          }
        } else if (s.type === 'transport' && s.selectedCandidatePairId) {
          pairId = s.selectedCandidatePairId;
        }
      });
      const pair = pairId && report.get(pairId);
      // The sending connection's pair: only it has an outgoing bitrate to estimate.
      if (pair && (sample.roundTripTime === null || typeof pair.availableOutgoingBitrate === 'number')) {
        sample.roundTripTime = rate(pair.currentRoundTripTime);
        sample.availableOutgoingBitrate = rate(pair.availableOutgoingBitrate);
      }
    }
    return sample;
  }

  let busy = false;
  setInterval(async () => {
    const open = connections.filter((pc) => pc.connectionState !== 'closed');
    if (busy || open.length === 0) return;
    busy = true;
    try {
      samples.push(read(await Promise.all(open.map((pc) => pc.getStats()))));
      if (samples.length > 7200) samples.shift();
    } catch (e) {
      // a connection closing while read: the next second reads the next one
    } finally {
      busy = false;
    }
  }, 1000);

  window.mediRelayCallStats = {
    /** The samples taken since the last call, as JSON. */
    take: () => JSON.stringify(samples.splice(0)),
    connections: () => connections.length,
  };
})();
