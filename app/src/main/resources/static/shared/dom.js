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
