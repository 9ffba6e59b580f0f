// The bench's signaling client: the part of the media node's signaling protocol a participant that publishes and
// subscribes needs. The protocol is described once, in media-node/README.md ("Signaling protocol"); read it there.

import WebSocket from 'ws';

/**
 * Joins `sessionId` at `url` with `token`, trickling `pc`'s candidates. `onJoined(self)` gets this participant as the
 * node names it, `onOffer(offer)` each of the node's offers, `onClose(code, reason)` the end of the connection. Returns
 * answer(offer, sdp) and leave(). A host (the doctor's token) lets everyone in from the waiting room as they arrive,
 * so patients and guests are offered media.
 */
export function connect({url, sessionId, token, pc, onJoined, onOffer, onClose}) {
  const ws = new WebSocket(url);
  const admitted = new Set();
  const send = (message) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(message));
  pc.onicecandidate = ({candidate}) => candidate && candidate.candidate && send({type: 'candidate', candidate: candidate.candidate});
  ws.on('open', () => send({type: 'join', sessionId, token}));
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.type === 'joined') onJoined(message.self);
    if (message.type === 'offer') onOffer(message);
    // Each lobby message lists everyone still waiting: admit each person once (the node limits a host's admits).
    if (message.type === 'lobby') {
      message.waiting.filter(({id}) => !admitted.has(id)).forEach(({id}) => {
        admitted.add(id);
        send({type: 'admit', participantId: id});
      });
    }
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
