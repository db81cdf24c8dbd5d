// The 签到 / 签退 buttons of a deployed person (issue 14), shared by the
// phone page of the link (sign.js) and a deployed helper's own task page
// (tasks.js, signing with the account): the buttons and the line saying
// what happened.
import { t } from './i18n.js';
import { post, ApiError } from './api.js';
import { el } from './dom.js';

async function sign(url, body, action, msg) {
  try {
    const r = await post(url, { ...body, action });
    msg.className = 'ok';
    msg.textContent = t(action === 'in' ? 'sign.in.done' : 'sign.out.done', r.post_name, (r.at || '').slice(11, 16));
  } catch (e) {
    const key = `sign.err.${e instanceof ApiError ? e.code : ''}`;
    msg.className = 'error';
    msg.textContent = t(key) !== key ? t(key) : e.message;
  }
}

// [sign in, sign out, message]; `big` for the phone page.
export function signButtons(url, body = {}, big = true) {
  const msg = el('p', { id: 'sign-msg', 'aria-live': 'assertive' });
  const bin = el('button', { class: big ? 'primary big' : 'primary', id: 'sign-in', type: 'button', text: t('sign.in') });
  const bout = el('button', { class: big ? 'big' : '', id: 'sign-out', type: 'button', text: t('sign.out') });
  bin.addEventListener('click', () => sign(url, body, 'in', msg));
  bout.addEventListener('click', () => sign(url, body, 'out', msg));
  return [bin, bout, msg];
}
