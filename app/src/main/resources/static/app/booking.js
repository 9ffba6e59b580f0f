// Booking and availability on the dashboard. A patient picks a doctor and books one of the doctor's free slots (all
// of them, the next two weeks), grouped by day; a doctor publishes availability and sees what they published. Times
// are the browser's, and the page names its time zone (dom.js timeZone).
import { api } from '/shared/api.js';
import { $, button, day, el, say, time, when } from '/shared/dom.js';

let booked = () => Promise.resolve(); // what the dashboard reloads after a booking

/** Wires the patient's booking; `onBooked` reloads the appointments. */
export function startBooking(onBooked) {
  booked = onBooked;
}

/** Loads the doctors to book with, and the chosen one's slots. */
export async function loadDoctors() {
  const doctors = await api('GET', '/api/doctors');
  const select = $('doctor');
  const current = select.value;
  select.replaceChildren(
    ...doctors.map((d) => {
      const o = el('option', d.name);
      o.value = d.id;
      return o;
    }),
  );
  if (current) select.value = current;
  await loadSlots();
}

/** The chosen doctor's free slots as one group of time buttons per day. */
async function loadSlots() {
  const list = $('slots');
  if (!$('doctor').value) {
    list.replaceChildren(el('p', 'No doctors yet.'));
    return;
  }
  const slots = await api('GET', '/api/doctors/' + encodeURIComponent($('doctor').value) + '/slots');
  if (!slots.length) {
    list.replaceChildren(el('p', 'No free slots in the next two weeks.'));
    return;
  }
  const days = new Map(); // day name → its slots, in order
  for (const slot of slots) {
    const name = day(slot.start);
    if (!days.has(name)) days.set(name, []);
    days.get(name).push(slot);
  }
  list.replaceChildren(
    ...[...days].map(([name, own], index) => {
      const group = el('div');
      group.className = 'slot-day';
      group.setAttribute('role', 'group');
      const heading = el('h3', name);
      heading.id = 'slot-day-' + index;
      group.setAttribute('aria-labelledby', heading.id);
      const ul = el('ul');
      ul.className = 'slots';
      ul.append(
        ...own.map((slot) => {
          const b = button(time(slot.start), () => book(slot), true);
          // The visible time in the name, as the button shows it (WCAG 2.5.3), with the day it is on.
          b.setAttribute('aria-label', time(slot.start) + ', ' + name + ': book');
          const li = el('li');
          li.append(b);
          return li;
        }),
      );
      group.append(heading, ul);
      return group;
    }),
  );
}

async function book(slot) {
  await api('POST', '/api/appointments', { doctorId: $('doctor').value, start: slot.start, reason: $('reason').value });
  say('Booked for ' + when(slot.start) + '. The doctor will confirm it.', true);
  await loadSlots();
  await booked();
}

/** The signed-in doctor's published availability that has not ended, the earliest first. */
export async function loadAvailability(doctor) {
  const windows = await api('GET', '/api/doctors/' + encodeURIComponent(doctor.id) + '/availability');
  $('my-availability').replaceChildren(
    ...(windows.length
      ? windows.map((w) => {
          const end = day(w.end) === day(w.start) ? time(w.end) : day(w.end) + ' ' + time(w.end);
          return el('li', day(w.start) + ', ' + time(w.start) + ' to ' + end + ' (' + w.slotMinutes + '-minute slots)');
        })
      : [el('li', 'Nothing published yet.')]),
  );
}

/** Publishes the doctor's form as availability, then lists it. */
export async function publish(doctor, data) {
  await api('POST', '/api/doctors/' + encodeURIComponent(doctor.id) + '/availability', {
    start: new Date(data.start).toISOString(),
    end: new Date(data.end).toISOString(),
    slotMinutes: Number(data.slotMinutes),
  });
  say('Availability published.', true);
  await loadAvailability(doctor);
}

$('doctor').addEventListener('change', () => loadSlots().catch((e) => say(e.message)));
