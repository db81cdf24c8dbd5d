// 高风险地区 (issue 13, item 9): the table of high-risk origins, kept by city
// and district accounts on their inbox page. Each row is a place (a name or
// code as checkpoints write it) and the quarantine it calls for; accepting
// a traveller from it offers that quarantine prefilled (inbox.js).
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { el } from './dom.js';

function mayEdit(user) { return (user.permissions || []).includes('origins'); }

// The card, or null for a role that does not keep the table.
export function originsCard(user) {
  if (!mayEdit(user)) return null;
  const body = el('tbody');
  const msg = el('span', { class: 'error', id: 'origins-msg' });
  const pattern = el('input', { id: 'origin-pattern', placeholder: t('origins.pattern'), maxlength: '60' });
  const kind = el('select', { id: 'origin-kind' }, el('option', { value: 'home', text: t('quarantine.home') }),
    el('option', { value: 'central', text: t('quarantine.central') }));
  const days = el('input', { id: 'origin-days', type: 'number', min: '1', max: '60', value: '14', style: 'width:5em' });
  const note = el('input', { id: 'origin-note', placeholder: t('origins.note') });
  const add = el('button', { type: 'button', class: 'primary', id: 'origin-add', text: t('origins.add') });

  async function load() {
    const r = await get('/api/v1/origins?limit=500', null);
    body.replaceChildren(...(r.items.length ? r.items.map((o) => {
      const del = el('button', { type: 'button', class: 'origin-delete', text: t('origins.delete') });
      del.addEventListener('click', () => act(() => post(`/api/v1/origins/${o.id}/delete`)));
      return el('tr', { 'data-origin': String(o.id) }, el('td', { text: o.pattern }),
        el('td', { text: t('quarantine.' + o.kind) }), el('td', { class: 'num', text: String(o.days) }),
        el('td', { text: o.note }), el('td', {}, del));
    }) : [el('tr', {}, el('td', { colspan: '5', class: 'muted', text: t('origins.none') }))]));
  }
  async function act(fn) {
    msg.textContent = '';
    try {
      await fn();
      await load();
      return true;
    } catch (e) {
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
      return false;
    }
  }
  add.addEventListener('click', async () => {
    const ok = await act(() => post('/api/v1/origins', {
      pattern: pattern.value.trim(), kind: kind.value, days: Number(days.value), note: note.value.trim(),
    }));
    if (ok) { pattern.value = ''; note.value = ''; }
  });
  load().catch(() => {});
  const head = el('tr', {}, ...['origins.pattern', 'origins.kind', 'origins.days', 'origins.note', ''].map((k) => el('th', { text: k ? t(k) : '' })));
  return el('div', { class: 'card', id: 'origins' }, el('h2', { text: t('origins.title') }),
    el('p', { class: 'muted', text: t('origins.hint') }),
    el('table', { class: 'table' }, el('thead', {}, head), body),
    el('div', { class: 'row' }, pattern, kind, days, note, add, msg));
}
