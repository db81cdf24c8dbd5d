// 大屏模式 on a dashboard (issue 13): an account that may issue display
// tokens (street, district, city) makes one for the unit on screen and gets
// the big screen's link (/wall.html#TOKEN) to open on the operations
// centre's screen. The token is shown this once; 401 once revoked.
import { t } from './i18n.js';
import { post } from './api.js';
import { el } from './dom.js';
import { toast } from './app.js';

function mayIssue() {
  const u = JSON.parse(sessionStorage.getItem('cordon.user') || '{}');
  return (u.permissions || []).includes('displays');
}

// The button for unit d ({code, name, level}), or null for a role that
// may not issue tokens or a grid (a screen shows a committee or above).
export function wallButton(d) {
  if (!mayIssue() || d.level > 4) return null;
  const b = el('button', { type: 'button', id: 'wall-open', class: 'secondary', title: t('wall.open.hint'), text: t('wall.open') });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const r = await post('/api/v1/displays', { unit: d.code, name: `${d.name}${t('wall.title')}` });
      b.replaceWith(el('a', { href: r.url, id: 'wall-link', target: '_blank', rel: 'noopener', text: t('wall.open') }));
    } catch (e) {
      b.disabled = false;
      toast(e.message || String(e));
    }
  });
  return b;
}
