/*
 * This page's join link, asked again of the app: to reconnect (fresh call details, another media node if the page
 * lost its own) and to know, after the call, whether the link still opens it.
 */

/**
 * Loads the join page of this page's URL again; {@code unreachable} names the media node the page lost, if any.
 * Resolves to {ok, status, page: the parsed document}, or null when the app could not be reached or failed (5xx).
 */
export async function reloadJoinPage(unreachable) {
  const url = new URL(location.href);
  if (unreachable) url.searchParams.set('unreachable', unreachable);
  const response = await fetch(url, { cache: 'no-store', credentials: 'omit' }).catch(() => null);
  if (!response || response.status >= 500) return null;
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  return { ok: response.ok, status: response.status, page };
}

/** A refusal the link will not get over: it expired, was withdrawn, or its consultation ended (401, 404, 410). */
export function isRefused(answer) {
  return !!answer && (answer.status === 401 || answer.status === 404 || answer.status === 410);
}

/** The reason a refused join page gives, or {@code fallback}. */
export function refusalReason(answer, fallback) {
  const reason = answer && answer.page.getElementById('reason');
  return (reason && reason.textContent) || fallback;
}
