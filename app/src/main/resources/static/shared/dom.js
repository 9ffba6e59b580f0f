// Small DOM helpers the pages share. Text is only ever written with textContent, so nothing from the API is parsed
// as HTML.

export const $ = (id) => document.getElementById(id);

export const el = (tag, text) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
};

/** A table cell that names its column, for the stacked rows a phone shows instead of the table (dashboard.css). */
export const cell = (label, text) => {
  const td = el('td', text);
  td.dataset.label = label;
  return td;
};

/** Shows a message in the page's #message line; `ok` marks it as good news. */
export function say(text, ok) {
  $('message').textContent = text || '';
  $('message').className = ok ? 'ok' : '';
}

export const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** A button that runs `onClick` (async) and shows its failure in #message; `secondary` for the outlined style. */
export const button = (text, onClick, secondary) => {
  const b = el('button', text);
  b.type = 'button';
  if (secondary) b.className = 'secondary';
  b.addEventListener('click', () => onClick().catch((e) => say(e.message)));
  return b;
};

// Every time on the pages is the browser's own, and the pages name that time zone where times are listed.
/** The browser's time zone, e.g. "Europe/Berlin (CET)" ("UTC" when the browser says no more). */
export const timeZone = (() => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const part = new Intl.DateTimeFormat([], { timeZoneName: 'short' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part && part.value !== zone ? zone + ' (' + part.value + ')' : zone;
})();

/** "Wednesday 3 December" (the weekday and date of an instant). */
export const day = (iso) => new Date(iso).toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long' });

/** "09:40" (the time of day of an instant). */
export const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
