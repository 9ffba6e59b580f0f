// The bench's signaling client: the part of the media node's signaling protocol a participant that publishes and
// subscribes needs. The protocol is described once, in media-node/README.md ("Signaling protocol"); read it there.

import WebSocket from 'ws';

/**
 * Joins `sessionId` at `url` with `token`, trickling `pc`'s candidates. `onOffer(offer)` gets each of the node's
 * offers, `onClose(code, reason)` the end of the connection. Returns answer(offer, sdp) and leave().
 */
export function connect({url, sessionId, token, pc, onOffer, onClose}) {
  const ws = new WebSocket(url);
  const send = (message) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(message));
  pc.onicecandidate = ({candidate}) => candidate && candidate.candidate && send({type: 'candidate', candidate: candidate.candidate});
  ws.on('open', () => send({type: 'join', sessionId, token}));
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.type === 'offer') onOffer(message);
  });
  ws.on('close', (code, reason) => onClose(code, reason.toString()));
  return {
    answer: (offer, sdp) => send({type: 'answer', version: offer.version, sdp}),
    leave: () => {
      send({type: 'leave'});
      ws.close();
    },
  };
}
