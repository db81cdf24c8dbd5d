// The one way the UI talks to the server: JSON over fetch, the session
// cookie sent automatically, the CSRF token (from login) on every change,
// and API errors turned into exceptions that carry status, code and field.
import { getLang } from './i18n.js';

let csrf = sessionStorage.getItem('cordon.csrf') || '';
let onUnauthorized = () => {};
// The signal of the view on screen (app.js gives each view its own
// AbortController): a request started by a view is cancelled when the user
// leaves it, so a late answer can never draw over the next page.
let viewSignal = null;

export function setViewSignal(signal) { viewSignal = signal; }
export function currentViewSignal() { return viewSignal; }

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || '';
    this.field = e.field || null;
  }
}

export function setCsrf(token) {
  csrf = token || '';
  if (csrf) sessionStorage.setItem('cordon.csrf', csrf);
  else sessionStorage.removeItem('cordon.csrf');
}

export function whenUnauthorized(fn) { onUnauthorized = fn; }

export async function api(method, path, body, signal) {
  // Server messages come back in the language the user chose.
  const headers = { Accept: 'application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN' };
  const opts = { method, headers, credentials: 'same-origin' };
  const sig = signal === undefined ? viewSignal : signal;
  if (sig) opts.signal = sig;
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrf;
  if (body instanceof FormData || body instanceof Blob || typeof body === 'string') {
    opts.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const res = await fetch(path, opts);
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('application/json') ? await res.json() : await res.blob();
  if (res.status === 401 && !path.endsWith('/session')) {
    onUnauthorized();
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

// GETs belong to the view on screen (or to the signal given); changes
// (POST, DELETE) are never cancelled half-way by leaving the page.
export const get = (p, signal) => api('GET', p, undefined, signal);
export const post = (p, b) => api('POST', p, b === undefined ? {} : b, null);
export const del = (p) => api('DELETE', p, undefined, null);

export function isAbort(e) { return e && e.name === 'AbortError'; }
