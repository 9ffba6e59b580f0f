/*
 * The waiting room, both sides of it. Someone whose join link lacks the admit grant waits after the device check
 * until a host lets them in: the media node sends them 'waiting' (whom they wait for) and forwards nothing of theirs
 * until then. Hosts get 'lobby' (everyone waiting, with name, role and since when) and answer with 'admit' or
 * 'decline' (media-node/README.md, "Waiting room").
 *
 * Contract: the waiting screen is <section class="mr-waiting-room">; each entry of the host's list carries
 * data-participant-id, and its buttons data-action="admit" / data-action="decline".
 */

import { playNotes } from '/shared/tones.js';

/** The waiting person's screen; {@code onLeave} runs when they give up. Returns {update(message), remove()}. */
export function showWaitingScreen(root, onLeave) {
  const screen = document.createElement('section');
  screen.className = 'mr-waiting-room';
  screen.setAttribute('aria-labelledby', 'waiting-title');
  screen.innerHTML =
    '<h1 id="waiting-title">You are in the waiting room</h1>' +
    '<p id="waiting-for" role="status" aria-live="polite"></p>' +
    '<p class="mr-waiting-note">Stay on this page: the call starts here as soon as you are let in. Nobody sees or ' +
    'hears you until then.</p>' +
    '<button type="button" class="mr-leave">Leave</button>';
  root.appendChild(screen);
  screen.querySelector('button').addEventListener('click', onLeave);
  const text = screen.querySelector('#waiting-for');
  return {
    update(message) {
      const hosts = Array.isArray(message.hosts) ? message.hosts : [];
      text.textContent =
        hosts.length > 0
          ? names(hosts) + (hosts.length > 1 ? ' are' : ' is') + ' in the call and will let you in shortly.'
          : 'The doctor has not joined yet. They will let you in when they arrive.';
    },
    remove() {
      screen.remove();
    },
  };
}

function names(list) {
  return list.length > 1 ? list.slice(0, -1).join(', ') + ' and ' + list[list.length - 1] : list[0];
}

/**
 * Whom this host let into session {@code sessionId}, by account (userId), kept for the tab's life: a media node
 * remembers its own admissions, but after a failover to another node (or a reload of this page) those people wait
 * again, and the page lets them in at once rather than asking the host twice. Someone a host removed from the call
 * (the node marks them 'removed' when they wait again) is forgotten: only a host's Admit lets them in again.
 */
function admittedAccounts(sessionId) {
  const key = 'medirelay.admitted.' + sessionId;
  let saved = [];
  try {
    saved = JSON.parse(sessionStorage.getItem(key) || '[]');
  } catch (e) {
    /* unreadable: start afresh */
  }
  const accounts = new Set(Array.isArray(saved) ? saved : []);
  const save = () => {
    try {
      sessionStorage.setItem(key, JSON.stringify([...accounts]));
    } catch (e) {
      /* storage full or off: remembered until the page closes */
    }
  };
  return {
    has: (userId) => !!userId && accounts.has(userId),
    add(userId) {
      if (userId) accounts.add(userId);
      save();
    },
    forget(userId) {
      accounts.delete(userId);
      save();
    },
  };
}

/**
 * The host's list of people waiting, with Admit, Decline and (for two or more) Admit all; {@code send} sends a
 * signaling message. Whom the host admitted earlier in session {@code sessionId} is let in again without asking.
 * Returns {show(message), refused(message), clear()}.
 */
export function createLobbyPanel(root, send, sessionId) {
  const panel = document.createElement('section');
  panel.className = 'mr-lobby';
  panel.hidden = true;
  panel.setAttribute('aria-labelledby', 'lobby-title');
  panel.innerHTML =
    '<h2 id="lobby-title">Waiting to join</h2>' +
    '<ul id="lobby-list"></ul>' +
    '<p class="mr-lobby-note" role="status" aria-live="polite"></p>' +
    '<button type="button" data-action="admit-all" hidden>Admit all</button>';
  root.appendChild(panel);
  const list = panel.querySelector('#lobby-list');
  const note = panel.querySelector('.mr-lobby-note');
  const admitAll = panel.querySelector('[data-action="admit-all"]');
  let shown = new Set();
  const admitted = admittedAccounts(sessionId);
  const readmitted = new Set(); // waiters (participant ids) this page already let in again

  admitAll.addEventListener('click', () => {
    list.querySelectorAll('[data-participant-id]').forEach((entry) => answer(entry, 'admit'));
  });

  function answer(entry, action) {
    entry.querySelectorAll('button').forEach((b) => (b.disabled = true));
    if (action === 'admit') admitted.add(entry.dataset.userId);
    send({ type: action, participantId: entry.dataset.participantId });
  }

  function entryFor(person) {
    const item = document.createElement('li');
    item.dataset.participantId = person.id;
    if (person.userId) item.dataset.userId = person.userId;
    const who = document.createElement('span');
    who.className = 'mr-lobby-who';
    const since = person.since ? new Date(person.since) : null;
    who.textContent =
      (person.displayName || 'Guest') +
      (person.role === 'host' ? ' (host)' : '') +
      (since && !isNaN(since) ? ', waiting since ' + since.toLocaleTimeString([], { timeStyle: 'short' }) : '') +
      (person.removed ? ' (removed from the call earlier)' : '');
    const admit = button('Admit', 'admit', person.displayName);
    const decline = button('Decline', 'decline', person.displayName);
    admit.addEventListener('click', () => answer(item, 'admit'));
    decline.addEventListener('click', () => answer(item, 'decline'));
    item.append(who, admit, decline);
    return item;
  }

  function button(label, action, name) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.action = action;
    b.textContent = label;
    b.setAttribute('aria-label', label + ' ' + (name || 'Guest'));
    return b;
  }

  return {
    show(message) {
      const listed = Array.isArray(message.waiting) ? message.waiting : [];
      listed.filter((person) => person.removed).forEach((person) => admitted.forget(person.userId));
      const returning = listed.filter((person) => admitted.has(person.userId));
      returning
        .filter((person) => !readmitted.has(person.id))
        .forEach((person) => {
          readmitted.add(person.id);
          send({ type: 'admit', participantId: person.id });
        });
      const waiting = listed.filter((person) => !returning.includes(person));
      const arrived = waiting.some((person) => !shown.has(person.id));
      shown = new Set(waiting.map((person) => person.id));
      list.replaceChildren(...waiting.map(entryFor));
      panel.hidden = waiting.length === 0;
      admitAll.hidden = waiting.length < 2;
      note.textContent = waiting.length > 0 ? waiting.length + ' waiting' : '';
      if (arrived) chime();
    },
    refused(message) {
      note.textContent = message.reason || 'That person is no longer waiting.';
    },
    clear() {
      shown = new Set();
      list.replaceChildren();
      panel.hidden = true;
    },
  };
}

/** A soft two-note chime when someone starts waiting (silent where the page may not play sound yet). */
function chime() {
  if (typeof AudioContext === 'undefined') return;
  const context = new AudioContext();
  playNotes(context, [880, 660], { gap: 0.18, length: 0.3, volume: 0.08 }).onended = () => context.close();
}
