// The REST API as the console uses it: the session cookie travels by itself; state changes carry the
// session's CSRF token. A 401 sends the browser to the login page and back afterwards.
const CSRF = 'tributary.csrf';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function rememberCsrf(token) {
  sessionStorage.setItem(CSRF, token || '');
}

export async function api(method, path, body) {
  return send(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
}

/** Sends a file (e.g. a bundle) as the request's body. */
export async function upload(path, file, contentType) {
  return send('POST', path, file, contentType);
}

async function send(method, path, body, contentType) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = sessionStorage.getItem(CSRF) || '';
  }
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
  }
  const response = await fetch('/api/v1/' + path, { method, headers, credentials: 'same-origin', body });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status === 401 && !path.startsWith('session')) {
    location.assign('/console/login.html?next=' + encodeURIComponent(location.pathname + location.search));
    throw new ApiError(401, json);
  }
  if (!response.ok) {
    throw new ApiError(response.status, json);
  }
  return json;
}

/** Shows a message in the page's status line (role=status: read out by screen readers). */
export function say(text, isError) {
  const status = document.getElementById('status');
  status.textContent = text || '';
  status.classList.toggle('error', Boolean(isError));
}

export async function signOut() {
  try {
    await api('DELETE', 'session');
  } finally {
    rememberCsrf('');
    location.assign('/console/login.html');
  }
}

export function wireNav() {
  const out = document.getElementById('sign-out');
  if (out) {
    out.addEventListener('click', signOut);
  }
}

/** A text node, so nothing from the API is ever parsed as HTML. */
export function text(value) {
  return document.createTextNode(value === null || value === undefined ? '' : String(value));
}

export function cell(row, value) {
  const td = document.createElement('td');
  td.appendChild(value instanceof Node ? value : text(value));
  row.appendChild(td);
  return td;
}
