/*
 * The screen after the call, however it ended: what happened and why (the page's status line, moved into it), how
 * long the call lasted, and where to go from here. After leaving by oneself: Rejoin (the same link, while the app
 * still accepts it); after joining from another window: Use this window; after the host ended the call, or removed or
 * declined the person: nothing to rejoin; after an error (a refused link, no way through the network, a connection
 * that could not be restored): Try again, which opens the link afresh. Signed-in patients and doctors (the page's
 * data-dashboard-url, which the app sets for them only) get a way back to their appointments; a guest's page shows the
 * message alone.
 *
 * Contract: <section class="mr-ended" data-ending="…">, its links data-action="rejoin" and data-action="back".
 */
import { formatDuration } from './call-meter.js';
import { isRefused, refusalReason, reloadJoinPage } from './join-link.js';

/** The node's close codes that end the call for this page (media-node/README.md, "Close codes"), by ending. */
const ENDING_OF_CLOSE = {
  1000: 'over', // a host ended the call for everyone
  4406: 'declined',
  4407: 'removed',
  4409: 'replaced',
  4410: 'over', // the app withdrew the session: it ended or was cancelled
};

const ENDINGS = {
  left: { heading: 'You left the call', reason: 'You left the call.', rejoin: 'Rejoin' },
  'left-waiting': { heading: 'You left the waiting room', reason: 'You left the waiting room.', rejoin: 'Rejoin' },
  over: { heading: 'The call has ended', reason: 'The call has ended.' },
  removed: { heading: 'You are no longer in the call', reason: 'The host removed you from the call.' },
  declined: { heading: 'You were not let in', reason: 'The host did not let you into the call.' },
  replaced: {
    heading: 'The call goes on in another window',
    reason: 'You joined from another window.',
    rejoin: 'Use this window',
  },
  failed: {
    heading: 'You could not join the call',
    headingAfterStart: 'You were cut off from the call',
    reason: 'Something went wrong with the call.',
    rejoin: 'Try again',
  },
};

/** The ending a close of the signaling connection with {@code code} means, or null (an error, a lost connection). */
export function endingOfClose(code) {
  return ENDING_OF_CLOSE[code] || null;
}

/** The sentence to show for {@code ending} when the node gave no reason. */
export function defaultReason(ending) {
  return ENDINGS[ending].reason;
}

/**
 * Shows the ended screen in {@code root} for {@code ending} (a key of ENDINGS), taking in {@code status} (the page's
 * status line, which says why); {@code lastedMs}: how long the call ran (0: it never started for this page);
 * {@code dashboardUrl}: where the person's appointments are ('' for a guest).
 */
export function showEndedScreen(root, ending, { status, lastedMs, dashboardUrl }) {
  const { heading, headingAfterStart, rejoin } = ENDINGS[ending];
  const screen = document.createElement('section');
  screen.className = 'mr-ended';
  screen.dataset.ending = ending;
  screen.setAttribute('aria-labelledby', 'ended-title');
  const title = document.createElement('h1');
  title.id = 'ended-title';
  title.textContent = (lastedMs > 0 && headingAfterStart) || heading;
  // The status line says why; when it only says the heading again ("You left the call."), it stays out of sight.
  status.hidden = status.textContent.trim().replace(/\.$/, '') === title.textContent;
  screen.append(title, status);
  if (lastedMs > 0) {
    const lasted = document.createElement('p');
    lasted.id = 'call-lasted';
    lasted.textContent = 'The call lasted ' + formatDuration(lastedMs) + '.';
    screen.append(lasted);
  }
  const actions = document.createElement('p');
  actions.className = 'mr-ended-actions';
  screen.append(actions);
  if (dashboardUrl) actions.append(link('back', 'Back to your appointments', dashboardUrl));
  root.appendChild(screen);
  if (rejoin) offerRejoin(actions, rejoin, screen);
  title.tabIndex = -1;
  title.focus();
}

/** Offers the same link again once the app says it still opens the call; else says why it does not. */
async function offerRejoin(actions, label, screen) {
  const answer = await reloadJoinPage('');
  if (isRefused(answer)) {
    const why = document.createElement('p');
    why.id = 'rejoin-refused';
    why.textContent = refusalReason(answer, 'This consultation link can no longer be used.');
    screen.insertBefore(why, actions);
    return;
  }
  actions.prepend(link('rejoin', label, location.href));
}

function link(action, text, href) {
  const a = document.createElement('a');
  a.dataset.action = action;
  a.className = 'mr-button';
  a.href = href;
  a.textContent = text;
  return a;
}
