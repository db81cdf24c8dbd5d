// Adding one resident by hand (not only by import or hand-over): name,
// document, phone, the address in the compound (compound, building,
// stairwell, room, floor) and whether they are here. The server checks
// every field; its message (in the user's language, with the field's
// label) shows under the form and the field at fault is marked. The form
// sits on the import page, under the spreadsheet upload.
import { t } from './i18n.js';
import { post, ApiError } from './api.js';
import { scopeCode } from './app.js';
import { el } from './dom.js';

const FIELDS = [
  ['name', 'rn.name', true], ['doc_no', 'rn.doc_no', true], ['phone', 'rn.phone'],
  ['address.compound', 'rn.compound', true], ['address.building', 'rn.building', true],
  ['address.unit', 'rn.unit'], ['address.room', 'rn.room', true], ['address.floor', 'rn.floor'],
];

export function residentForm() {
  const inputs = {};
  const docType = el('select', { name: 'doc_type' }, ...['id_card', 'passport', 'hk_macao', 'taiwan', 'foreign_pr', 'other']
    .map((d) => el('option', { value: d, text: t('rn.doc.' + d) })));
  const presence = el('select', { name: 'presence' }, el('option', { value: 'in', text: t('presence.in') }),
    el('option', { value: 'away', text: t('presence.away') }));
  const msg = el('p', { class: 'error', id: 'rn-error', role: 'alert' });
  const ok = el('p', { class: 'muted', id: 'rn-ok' });
  const form = el('form', { class: 'card factform', id: 'resident-new', style: 'max-width:640px' }, el('h2', { text: t('rn.title') }));
  FIELDS.forEach(([f, label, req]) => {
    inputs[f] = el('input', { name: f, ...(req ? { required: 'required' } : {}), ...(f === 'address.floor' ? { inputmode: 'numeric' } : {}) });
    form.append(el('label', {}, `${t(label)}${req ? ' *' : ''}`, inputs[f]));
    if (f === 'doc_no') form.append(el('label', {}, t('rn.doc_type'), docType));
  });
  form.append(el('label', {}, t('form.presence'), presence),
    el('button', { class: 'primary', type: 'submit', text: t('rn.save') }), msg, ok);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    ok.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
    const v = (f) => inputs[f].value.trim();
    const address = { compound: v('address.compound'), building: v('address.building'), room: v('address.room') };
    if (v('address.unit')) address.unit = v('address.unit');
    if (v('address.floor')) address.floor = Number(v('address.floor'));
    const body = { name: v('name'), doc_type: docType.value, doc_no: v('doc_no'), committee: scopeCode().slice(0, 12), address, presence: presence.value };
    if (v('phone')) body.phone = v('phone');
    try {
      const r = await post('/api/v1/residents', body);
      ok.textContent = t('rn.done', r.name);
      FIELDS.forEach(([f]) => { if (!f.startsWith('address.')) inputs[f].value = ''; });
    } catch (e) {
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
      const input = e instanceof ApiError && e.field && inputs[e.field];
      if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
    }
  });
  return form;
}
