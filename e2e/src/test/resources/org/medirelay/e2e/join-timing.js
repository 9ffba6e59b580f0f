// Injected by bench/join before the call page's own scripts (CDP Page.addScriptToEvaluateOnNewDocument): records when
// each step of a join happens, in ms since the navigation began (performance.now()), into window.__joinTimes. It
// wraps what the page uses (getUserMedia, WebSocket, RTCPeerConnection) without changing what they do; the call page
// itself knows nothing of it. Each name is kept at its first occurrence (and its first after the join message).
(() => {
  const times = {};
  window.__joinTimes = times;
  // A page prepares its connection during the device check, so an offer and an answer come before Join as well:
  // each step after the join message is also kept as 'join/<name>'.
  const mark = (name) => {
    const now = performance.now();
    if (!(name in times)) times[name] = now;
    if ('sent:join' in times && !('join/' + name in times)) times['join/' + name] = now;
  };

  const devices = navigator.mediaDevices;
  if (devices && devices.getUserMedia) {
    const getUserMedia = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      mark('getUserMedia');
      const stream = await getUserMedia(constraints);
      mark('gotUserMedia');
      return stream;
    };
  }

  document.addEventListener(
    'click',
    (event) => {
      if (event.target.closest && event.target.closest('[data-action="join"]')) mark('joinPressed');
    },
    true,
  );
  document.addEventListener('DOMContentLoaded', () => {
    new MutationObserver(() => mark('state:' + document.body.dataset.callState)).observe(document.body, {
      attributes: true,
      attributeFilter: ['data-call-state'],
    });
  });

  const NativeWebSocket = window.WebSocket;
  function TimedWebSocket(url, protocols) {
    const ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    mark('wsCreated');
    ws.addEventListener('open', () => mark('wsOpen'));
    ws.addEventListener('message', (event) => {
      try {
        mark('received:' + JSON.parse(event.data).type);
      } catch (e) {
        /* not JSON: not ours to time */
      }
    });
    return ws;
  }
  TimedWebSocket.prototype = NativeWebSocket.prototype;
  Object.assign(TimedWebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = TimedWebSocket;
  const send = NativeWebSocket.prototype.send;
  NativeWebSocket.prototype.send = function (data) {
    try {
      mark('sent:' + JSON.parse(data).type);
    } catch (e) {
      /* not JSON */
    }
    return send.call(this, data);
  };

  const NativePeerConnection = window.RTCPeerConnection;
  function TimedPeerConnection(configuration) {
    const pc = new NativePeerConnection(configuration);
    mark('peerConnection');
    pc.addEventListener('iceconnectionstatechange', () => mark('ice:' + pc.iceConnectionState));
    pc.addEventListener('connectionstatechange', () => mark('connection:' + pc.connectionState));
    pc.addEventListener('track', (event) => {
      mark('track:' + event.track.kind);
      if (event.track.kind !== 'video') return;
      // The first video packet and the first decoded frame, read every 5 ms from the receiver's own statistics.
      const poll = async () => {
        if (pc.connectionState === 'closed' || 'firstFrame' in times) return;
        try {
          const report = await event.receiver.getStats();
          report.forEach((s) => {
            if (s.type !== 'inbound-rtp') return;
            if (s.packetsReceived > 0) mark('firstVideoPacket');
            if (s.framesDecoded > 0 && !('firstFrame' in times)) {
              mark('firstFrame');
              times.firstFrameHeight = s.frameHeight || 0; // which layer the node started with
            }
          });
        } catch (e) {
          return;
        }
        setTimeout(poll, 5);
      };
      poll();
    });
    return pc;
  }
  TimedPeerConnection.prototype = NativePeerConnection.prototype;
  TimedPeerConnection.generateCertificate = NativePeerConnection.generateCertificate;
  window.RTCPeerConnection = TimedPeerConnection;
})();
