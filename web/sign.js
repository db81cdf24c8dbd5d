// A deployed person's phone page (sign.html?post=ID#TOKEN), opened from the
// link the street sends with the deployment: sign in on arrival at the post,
// sign out on leaving. No login: the token opens this deployment and
// nothing else; a link used at another post is refused.
import { t } from './i18n.js';
import { el } from './dom.js';
import { signButtons } from './sign_buttons.js';

const main = document.getElementById('main');
const token = location.hash.replace(/^#/, '');
const postId = Number(new URLSearchParams(location.search).get('post'));

main.replaceChildren(el('h1', { text: t('sign.title') }),
  ...signButtons(`/api/v1/sign/${encodeURIComponent(token)}`, { post: postId }));
