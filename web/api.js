// The one way the UI talks to the server: JSON over fetch, the session
// cookie sent automatically, the CSRF token (from login) on every change,
// and API errors turned into exceptions that carry status, code and field.
import { getLang } from './i18n.js';

let csrf = sessionStorage.getItem('cordon.csrf') || '';
let onUnauthorized = () => {};

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

export async function api(method, path, body) {
  // Server messages come back in the language the user chose.
  const headers = { Accept: 'application/json', 'Accept-Language': getLang() === 'en' ? 'en' : 'zh-CN' };
  const opts = { method, headers, credentials: 'same-origin' };
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

export const get = (p) => api('GET', p);
export const post = (p, b) => api('POST', p, b === undefined ? {} : b);
export const del = (p) => api('DELETE', p);
