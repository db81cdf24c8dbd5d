// The screening screen of a checkpoint post, keyboard first: the officer
// types the document number (a mainland ID shows birth date and sex at once,
// and a self-declaration made on the traveller's phone fills the form), then
// Enter moves from field to field; Enter on the last field (or Ctrl+Enter
// anywhere) saves. A fever is shown in red; the destination is resolved as
// it is typed so the officer sees which community will receive the traveller.
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { setCrumbs, toast } from './app.js';
import { el } from './dom.js';

const FIELDS = ['document', 'name', 'phone', 'origin', 'abroad', 'travel', 'destination', 'temperature', 'symptoms'];
const DOC_TYPES = ['id_card', 'passport', 'hk_macao', 'taiwan', 'foreign_pr', 'other'];

// Birth date and sex from a mainland ID number (the server checks it).
function fromId(doc) {
  const d = doc.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(d)) return null;
  const birth = `${d.slice(6, 10)}-${d.slice(10, 12)}-${d.slice(12, 14)}`;
  return { birth, sex: Number(d[16]) % 2 ? 'male' : 'female' };
}

function field(name, label, input, extra) {
  input.name = name;
  input.id = `sc-${name}`;
  return el('label', { class: `field f-${name}` }, el('span', { text: label }), input, extra || null);
}

export async function renderScreening(main, user) {
  setCrumbs([{ label: t('scr.title') }]);
  const posts = (await get('/api/v1/posts')).items;
  const inputs = {};
  const make = (name, attrs = {}) => {
    inputs[name] = el('input', { autocomplete: 'off', ...attrs });
    return inputs[name];
  };
  const postSel = el('select', { id: 'sc-post', name: 'post' });
  posts.forEach((p) => postSel.append(el('option', { value: String(p.id), text: `${p.checkpoint} ${p.name}` })));
  if (user.post) postSel.value = String(user.post);
  const docType = el('select', { id: 'sc-document_type', name: 'document_type', tabindex: '-1' });
  DOC_TYPES.forEach((d) => docType.append(el('option', { value: d, text: t(`doc.${d}`) })));
  const override = el('input', { id: 'sc-document_override', name: 'document_override', placeholder: t('scr.override'), tabindex: '-1', hidden: '' });
  const idInfo = el('span', { class: 'muted', id: 'sc-idinfo' });
  const destInfo = el('span', { class: 'muted', id: 'sc-destinfo' });
  const tempInfo = el('span', { id: 'sc-tempinfo' });
  const declInfo = el('span', { class: 'muted', id: 'sc-declinfo' });
  const abroad = el('input', { type: 'checkbox' });
  inputs.abroad = abroad;
  const result = el('div', { id: 'sc-result', class: 'result', 'aria-live': 'assertive' });
  const recent = el('tbody', { id: 'sc-recent' });
  let declaration = null;

  const form = el('form', { id: 'screening', class: 'card screening', autocomplete: 'off', novalidate: '' },
    el('div', { class: 'row' }, el('h2', { text: t('scr.title') }), el('span', { class: 'spacer' }),
      el('label', {}, el('span', { class: 'muted', text: `${t('scr.post')} ` }), postSel)),
    el('div', { class: 'grid2' },
      field('document', t('scr.document'), make('document', { inputmode: 'text', autofocus: '' }), el('span', {}, idInfo, ' ', declInfo)),
      el('label', { class: 'field' }, el('span', { text: t('scr.doctype') }), docType, override),
      field('name', t('scr.name'), make('name')),
      field('phone', t('scr.phone'), make('phone', { inputmode: 'tel' })),
      field('origin', t('scr.origin'), make('origin', { placeholder: t('scr.origin.hint') })),
      field('abroad', t('scr.abroad'), abroad),
      field('travel', t('scr.travel'), make('travel', { placeholder: 'G1234 / MU5101' })),
      field('destination', t('scr.destination'), make('destination', { placeholder: t('scr.destination.hint') }), destInfo),
      field('temperature', t('scr.temperature'), make('temperature', { inputmode: 'decimal', placeholder: '36.5' }), tempInfo),
      field('symptoms', t('scr.symptoms'), make('symptoms', { placeholder: t('scr.symptoms.hint') }))),
    el('div', { class: 'row' }, el('button', { type: 'submit', id: 'sc-save', class: 'primary', text: t('scr.save') }),
      el('span', { class: 'muted', text: t('scr.keys') })),
    result);
  main.replaceChildren(form,
    el('div', { class: 'card' }, el('h2', { text: t('scr.recent') }),
      el('table', {}, el('thead', {}, el('tr', {},
        el('th', { text: t('scr.time') }), el('th', { text: t('scr.name') }), el('th', { text: t('scr.document') }),
        el('th', { class: 'num', text: t('scr.temperature') }), el('th', { text: t('scr.to') }))), recent)));

  async function loadRecent() {
    const q = postSel.value ? `?post=${postSel.value}&limit=20` : '?limit=20';
    try {
      const r = await get(`/api/v1/screenings${q}`);
      recent.replaceChildren(...r.items.map((s) => el('tr', { class: s.fever ? 'fever' : '' },
        el('td', { text: s.at.slice(11, 16) }), el('td', { text: s.name }), el('td', { text: s.document }),
        el('td', { class: 'num', text: s.temperature_text }), el('td', { text: s.destination }))));
    } catch (e) { /* the list is a convenience */ }
  }

  function clearErrors() {
    form.querySelectorAll('.bad').forEach((n) => n.classList.remove('bad'));
  }

  async function docChanged() {
    const doc = inputs.document.value.trim();
    const info = docType.value === 'id_card' ? fromId(doc) : null;
    idInfo.textContent = info ? `${info.birth} ${t('sex.' + info.sex)}` : '';
    declaration = null;
    declInfo.textContent = '';
    if (doc.length < 5) return;
    try {
      const r = await get(`/api/v1/declarations?document=${encodeURIComponent(doc)}`);
      const d = r.items.find((x) => !x.screening);
      if (!d) return;
      declaration = d.id;
      ['name', 'phone', 'origin', 'travel', 'destination', 'symptoms'].forEach((k) => {
        if (d[k] && !inputs[k].value) inputs[k].value = d[k];
      });
      abroad.checked = !!d.abroad;
      docType.value = d.document_type;
      declInfo.textContent = t('scr.declared');
      destChanged();
    } catch (e) { /* no declaration */ }
  }

  async function destChanged() {
    const a = inputs.destination.value.trim();
    if (!a) { destInfo.textContent = ''; return; }
    try {
      const r = await get(`/api/v1/resolve?address=${encodeURIComponent(a)}`);
      destInfo.textContent = r.status === 'outside' ? `→ ${t('scr.outside')}` : `→ ${r.name || ''} (${t('resolve.' + r.status)})`;
    } catch (e) { destInfo.textContent = ''; }
  }

  function tempChanged() {
    const v = parseFloat(inputs.temperature.value.replace(/[，,]/, '.'));
    tempInfo.textContent = v >= 37.3 && v <= 43 ? t('scr.fever') : '';
    tempInfo.className = v >= 37.3 ? 'fever-text' : '';
  }

  async function save() {
    clearErrors();
    const body = { document_type: docType.value };
    FIELDS.forEach((k) => {
      if (k === 'abroad') body.abroad = abroad.checked;
      else if (inputs[k].value.trim() !== '') body[k] = inputs[k].value.trim();
    });
    if (override.value.trim()) body.document_override = override.value.trim();
    if (postSel.value) body.post = Number(postSel.value);
    if (declaration) body.declaration = declaration;
    try {
      const s = await post('/api/v1/screenings', body);
      result.className = `result ${s.fever ? 'fever' : 'ok'}`;
      const to = `${s.handover.unit_name}`;
      result.textContent = s.duplicate ? t('scr.duplicate', s.name, s.post.checkpoint + s.post.name)
        : `${t('scr.saved')} · ${s.name} · ${s.temperature_text}℃ · ${t('scr.to')} ${to}` + (s.fever ? ` · ${t('scr.fever.alert')}` : '');
      form.reset();
      if (user.post) postSel.value = String(user.post);
      override.hidden = true;
      [idInfo, destInfo, tempInfo, declInfo].forEach((n) => { n.textContent = ''; });
      declaration = null;
      inputs.document.focus();
      loadRecent();
    } catch (e) {
      if (!(e instanceof ApiError)) { toast(t('err.network')); return; }
      result.className = 'result error';
      result.textContent = e.message;
      const target = e.field && form.querySelector(`[name="${e.field}"]`);
      if (e.field === 'document' && docType.value !== 'id_card') override.hidden = false;
      if (target) { target.classList.add('bad'); target.focus(); }
    }
  }

  // Enter moves to the next field; on the last one (or with Ctrl) it saves.
  form.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' || ev.target.tagName === 'BUTTON') return;
    ev.preventDefault();
    if (ev.ctrlKey || ev.metaKey) { save(); return; }
    const order = FIELDS.map((k) => inputs[k]);
    const i = order.indexOf(ev.target);
    if (i < 0 || i === order.length - 1) save();
    else order[i + 1].focus();
  });
  form.addEventListener('submit', (ev) => { ev.preventDefault(); save(); });
  inputs.document.addEventListener('change', docChanged);
  inputs.destination.addEventListener('change', destChanged);
  inputs.temperature.addEventListener('input', tempChanged);
  docType.addEventListener('change', () => { override.hidden = docType.value === 'id_card'; docChanged(); });
  postSel.addEventListener('change', loadRecent);
  inputs.document.focus();
  loadRecent();
  return () => {};
}
