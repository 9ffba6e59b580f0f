// The one way the pages talk to the JSON API: the access token the dashboard keeps in sessionStorage (this tab only,
// gone when it closes), JSON in and out, and an Error carrying the server's problem detail as `.problem`.

const TOKEN_KEY = 'medirelay.token';

export const getToken = () => sessionStorage.getItem(TOKEN_KEY);

/** Keeps the token for this tab, or forgets it when given none. */
export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

let unauthorized = () => {};

/** What to do when the server no longer accepts the token (the dashboard signs out); by default nothing. */
export function onUnauthorized(callback) {
  unauthorized = callback;
}

/**
 * Calls the API: resolves to the parsed JSON answer (null for 204 No Content or a body that is not JSON), or rejects
 * with an Error whose message is the problem's detail (or title) and whose `.problem` is the problem itself.
 * With `{ auth: false }` no token is sent.
 */
export async function api(method, path, body, { auth = true } = {}) {
  const token = auth ? getToken() : null;
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  // A 401 from the sign-in itself is a wrong password, not a session that ended.
  if (response.status === 401 && token && path !== '/api/auth/login') unauthorized();
  if (!response.ok) throw failure(response, data);
  return data;
}

/**
 * Opens a streamed answer (server-sent events) with the token in its Authorization header, which EventSource cannot
 * send: resolves to the Response once its headers arrived, to read its body as it comes, or rejects as api() does.
 */
export async function openStream(path, signal) {
  const token = getToken();
  const response = await fetch(path, {
    headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + token },
    cache: 'no-store',
    signal,
  });
  if (response.status === 401 && token) unauthorized();
  if (!response.ok) throw failure(response, await response.json().catch(() => null));
  return response;
}

/** The Error for a refused request: the problem's detail (or title) as message, the problem and status with it. */
function failure(response, problem) {
  const error = new Error((problem && (problem.detail || problem.title)) || 'HTTP ' + response.status);
  error.problem = problem;
  error.status = response.status;
  return error;
}
