// 查看完整信息: the one way the UI shows a person's full name, document
// number and phone. Only for roles that may unmask; the button opens a
// short form asking why (the reason is required and goes into the audit log
// with the read, on the server), then fetches `url?unmask=1&reason=…` and
// hands the unmasked record to onRevealed. A phone becomes a tel: link.
import { t } from './i18n.js';
import { get, ApiError } from './api.js';
import { el } from './dom.js';

export function canUnmask() {
  const u = JSON.parse(sessionStorage.getItem('cordon.user') || '{}');
  return (u.permissions || []).includes('unmask');
}

// A tel: link for a phone number (digits and + only in the href).
export function phoneLink(phone) {
  return el('a', { class: 'tel', href: `tel:${String(phone).replace(/[^0-9+]/g, '')}`, text: phone });
}

// The button and its reason form; null for a role that may not unmask.
// url: the read (a function for one that changes, like a filtered export).
export function revealButton(url, onRevealed, label = t('reveal.open')) {
  if (!canUnmask()) return null;
  const box = el('span', { class: 'reveal' });
  const btn = el('button', { type: 'button', class: 'reveal-open', text: label });
  const reason = el('input', { class: 'reveal-reason', name: 'reason', maxlength: '100', placeholder: t('reveal.reason') });
  const go = el('button', { type: 'submit', class: 'primary reveal-go', text: t('reveal.go') });
  const msg = el('span', { class: 'error reveal-msg', role: 'alert' });
  // display, not `hidden`: a .row is display:flex, which beats [hidden].
  const form = el('form', { class: 'row reveal-form', style: 'display:none' }, reason, go, msg);
  btn.addEventListener('click', () => { btn.style.display = 'none'; form.style.display = ''; reason.focus(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    if (!reason.value.trim()) { msg.textContent = t('reveal.needed'); reason.focus(); return; }
    go.disabled = true;
    try {
      const u = typeof url === 'function' ? url() : url;
      const sep = u.includes('?') ? '&' : '?';
      const full = await get(`${u}${sep}unmask=1&reason=${encodeURIComponent(reason.value.trim())}`);
      box.replaceChildren(el('span', { class: 'muted reveal-done', text: t('reveal.done') }));
      onRevealed(full);
    } catch (e) {
      go.disabled = false;
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
  });
  box.append(btn, form);
  return box;
}

// The unmasked export of a unit (.xlsx), with a reason like any reveal:
// `url` gives the masked export's address as filtered on screen.
export function revealExport(url) {
  return revealButton(url, (blob) => {
    const a = el('a', { href: URL.createObjectURL(blob), download: 'residents-full.xlsx' });
    document.body.append(a);
    a.click();
    a.remove();
  }, t('reveal.export'));
}
