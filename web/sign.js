// A deployed person's phone page (sign.html?post=ID#TOKEN), opened from the
// link the street sends with the deployment: sign in on arrival at the post,
// sign out on leaving. No login: the token opens this deployment and
// nothing else; a link used at another post is refused.
import { t } from './i18n.js';
import { post, ApiError } from './api.js';
import { el } from './dom.js';

const main = document.getElementById('main');
const token = location.hash.replace(/^#/, '');
const postId = Number(new URLSearchParams(location.search).get('post'));

async function sign(action, msg) {
  try {
    const r = await post(`/api/v1/sign/${encodeURIComponent(token)}`, { post: postId, action });
    msg.className = 'ok';
    msg.textContent = t(action === 'in' ? 'sign.in.done' : 'sign.out.done', r.post_name, (r.at || '').slice(11, 16));
  } catch (e) {
    const key = `sign.err.${e instanceof ApiError ? e.code : ''}`;
    msg.className = 'error';
    msg.textContent = t(key) !== key ? t(key) : e.message;
  }
}

const msg = el('p', { id: 'sign-msg', 'aria-live': 'assertive' });
const bin = el('button', { class: 'primary big', id: 'sign-in', type: 'button', text: t('sign.in') });
const bout = el('button', { class: 'big', id: 'sign-out', type: 'button', text: t('sign.out') });
bin.addEventListener('click', () => sign('in', msg));
bout.addEventListener('click', () => sign('out', msg));
main.replaceChildren(el('h1', { text: t('sign.title') }), bin, bout, msg);
