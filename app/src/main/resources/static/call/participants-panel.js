/*
 * The participants panel: everyone in the call, this page's person first, with their role and whether their
 * microphone and camera are on, as the media node tells it ('joined', 'participant-joined', 'participant-left',
 * 'participant-devices'). A host (the join token's moderate grant: 'joined' says mayModerate) also gets, for each of
 * the others, Mute (their microphone goes off and the node forwards none of their sound until they unmute
 * themselves), Ask to unmute (their page asks them; nobody is unmuted from afar) and Remove (a second click
 * confirms): media-node/README.md, "Host controls".
 *
 * Contract: the panel is <section class="mr-participants" id="participants">; each entry carries
 * data-participant-id, data-audio and data-video ('on' or 'off'), and a host's buttons data-action="mute",
 * "ask-unmute" and "remove".
 */

/** How long Remove waits for its confirming second click. */
const REMOVE_CONFIRM_MS = 4000;

const ROLES = { host: 'Host', participant: 'Participant' };

/**
 * Builds the (hidden) panel in {@code root}; {@code send} sends a signaling message. Returns {join(self, others,
 * mayModerate), add(participant), remove(id), devices(id, devices), selfDevices(audio, video), refused(message),
 * clear(), show(visible), hidden(), count()}.
 */
export function createParticipantsPanel(root, send) {
  const panel = document.createElement('section');
  panel.className = 'mr-participants';
  panel.id = 'participants';
  panel.hidden = true;
  panel.setAttribute('aria-labelledby', 'participants-title');
  panel.innerHTML =
    '<h2 id="participants-title">People in the call</h2>' +
    '<ul id="participants-list"></ul>' +
    '<p class="mr-participants-note" role="status" aria-live="polite"></p>';
  root.appendChild(panel);
  const list = panel.querySelector('#participants-list');
  const note = panel.querySelector('.mr-participants-note');
  const people = new Map(); // participant id → {item, person}
  let selfId = '';
  let moderates = false;

  function entryFor(person, isSelf) {
    const item = document.createElement('li');
    item.dataset.participantId = person.id;
    const who = document.createElement('span');
    who.className = 'mr-person';
    who.textContent = (person.displayName || 'Guest') + (isSelf ? ' (you)' : '');
    const role = document.createElement('span');
    role.className = 'mr-person-role';
    role.textContent = ROLES[person.role] || 'Participant';
    const state = document.createElement('span');
    state.className = 'mr-person-state';
    item.append(who, role, state);
    if (moderates && !isSelf) {
      const name = person.displayName || 'Guest';
      item.append(
        button('Mute', 'mute', name, () => act(item, 'mute')),
        button('Ask to unmute', 'ask-unmute', name, () => act(item, 'ask-unmute')),
        button('Remove', 'remove', name, () => confirmRemove(item)),
      );
    }
    return item;
  }

  function button(label, action, name, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.action = action;
    b.textContent = label;
    b.setAttribute('aria-label', label + ' ' + name);
    b.addEventListener('click', onClick);
    return b;
  }

  function act(item, action) {
    send({ type: action, participantId: item.dataset.participantId });
    const name = item.querySelector('.mr-person').textContent;
    note.textContent = action === 'mute' ? name + ' is muted.' : name + ' is asked to unmute.';
  }

  function confirmRemove(item) {
    const remove = item.querySelector('[data-action="remove"]');
    if (!remove.dataset.armed) {
      remove.dataset.armed = 'true';
      remove.textContent = 'Click again to remove';
      setTimeout(() => {
        delete remove.dataset.armed;
        remove.textContent = 'Remove';
      }, REMOVE_CONFIRM_MS);
      return;
    }
    remove.disabled = true;
    send({ type: 'remove', participantId: item.dataset.participantId });
  }

  /** Shows the person's microphone and camera; a field left out counts as on. A host mutes only the unmuted. */
  function showState(item, devices) {
    const audio = devices.audio !== false;
    const video = devices.video !== false;
    item.dataset.audio = audio ? 'on' : 'off';
    item.dataset.video = video ? 'on' : 'off';
    item.querySelector('.mr-person-state').textContent =
      'Microphone ' + (audio ? 'on' : 'off') + ', camera ' + (video ? 'on' : 'off');
    const mute = item.querySelector('[data-action="mute"]');
    const ask = item.querySelector('[data-action="ask-unmute"]');
    if (mute) mute.hidden = !audio;
    if (ask) ask.hidden = audio;
  }

  function add(person, isSelf) {
    if (!person || !person.id || people.has(person.id)) return;
    const item = entryFor(person, isSelf);
    people.set(person.id, { item, person });
    if (isSelf) list.prepend(item);
    else list.appendChild(item);
    showState(item, person);
    updateTitle();
  }

  function updateTitle() {
    panel.querySelector('#participants-title').textContent = 'People in the call (' + people.size + ')';
  }

  return {
    /** This page entered the call ('joined'): itself, the others, and whether it may act on them. */
    join(self, others, mayModerate) {
      this.clear();
      moderates = mayModerate === true;
      selfId = (self && self.id) || '';
      add(self, true);
      (others || []).forEach((person) => add(person, false));
    },
    add: (person) => add(person, false),
    remove(participantId) {
      const entry = people.get(participantId);
      if (!entry) return;
      entry.item.remove();
      people.delete(participantId);
      updateTitle();
    },
    devices(participantId, devices) {
      const entry = people.get(participantId);
      if (entry) showState(entry.item, devices);
    },
    selfDevices(audio, video) {
      const entry = people.get(selfId);
      if (entry) showState(entry.item, { audio, video });
    },
    refused(message) {
      note.textContent = message.reason || 'That person is no longer in the call.';
    },
    clear() {
      people.clear();
      list.replaceChildren();
      note.textContent = '';
    },
    show(visible) {
      panel.hidden = !visible;
    },
    hidden: () => panel.hidden,
    count: () => people.size,
  };
}
