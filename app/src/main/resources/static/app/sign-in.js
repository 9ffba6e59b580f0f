// Signing in, with the proof of work the server may ask for first.
import { api } from '/shared/api.js';
import { say } from '/shared/dom.js';

// Where many sign-ins from this network have failed, the server asks each new one for a proof of work
// (LoginThrottle): a nonce such that SHA-256 of "challenge:nonce" starts with the asked number of zero bits.
const zeroBits = (bytes) => {
  let bits = 0;
  for (const b of bytes) {
    if (b !== 0) return bits + Math.clz32(b) - 24;
    bits += 8;
  }
  return bits;
};

async function proofOfWork(challenge, bits) {
  const encoder = new TextEncoder();
  for (let nonce = 0; ; nonce++) {
    const hash = await crypto.subtle.digest('SHA-256', encoder.encode(challenge + ':' + nonce));
    if (zeroBits(new Uint8Array(hash)) >= bits) return { challenge, nonce: String(nonce) };
  }
}

/** Resolves to the login answer ({ token, user }), proving work first when the server asks for it. */
export async function signIn(email, password) {
  try {
    return await api('POST', '/api/auth/login', { email, password });
  } catch (err) {
    if (!err.problem || !err.problem.challenge) throw err;
    say('Many sign-ins from your network have failed: your browser is proving it is not a robot, a few seconds…', true);
    const proof = await proofOfWork(err.problem.challenge, err.problem.bits);
    return api('POST', '/api/auth/login', { email, password, proof });
  }
}
