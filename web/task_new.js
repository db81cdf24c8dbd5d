// Creating and assigning a task by hand (a committee's 辖区任务 screen): a
// shop inspection, gate duty, crowd guidance or anything else, at one of
// the places registered in the area, with a deadline, optionally urgent,
// assigned to an account or (left empty) to the responsible person of the
// place's grid, as the server decides.
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { scopeCode } from './app.js';
import { el } from './dom.js';

// What the form offers → the server's kind and the default description.
const KINDS = [['shop', 'inspection'], ['gate', 'gate_duty'], ['crowd', 'crowd_guidance'], ['other', 'other']];

export async function taskForm(onCreated) {
  const places = await get(`/api/v1/places?unit=${encodeURIComponent(scopeCode())}&limit=500`).catch(() => ({ items: [] }));
  const kind = el('select', { name: 'kind' }, ...KINDS.map(([k]) => el('option', { value: k, text: t('tn.' + k) })));
  const place = el('select', { name: 'place' }, ...places.items.map((p) => el('option', { value: String(p.id), text: p.name })));
  const title = el('input', { name: 'title', value: t('tn.shop') });
  const deadline = el('input', { name: 'deadline', type: 'datetime-local' });
  const assignee = el('input', { name: 'assignee' });
  const urgent = el('input', { name: 'urgent', type: 'checkbox', style: 'width:auto' });
  const msg = el('p', { class: 'error', id: 'tn-error', role: 'alert' });
  const ok = el('p', { class: 'muted', id: 'tn-ok' });
  kind.addEventListener('change', () => { title.value = kind.value === 'other' ? '' : t('tn.' + kind.value); });
  const form = el('form', { class: 'card factform', id: 'task-new', style: 'max-width:640px' },
    el('h2', { text: t('tn.title') }),
    el('label', {}, t('tn.kind'), kind),
    el('label', {}, t('tn.place'), places.items.length ? place : el('span', { class: 'muted', text: t('tn.noplace') })),
    el('label', {}, t('tn.title_f'), title), el('label', {}, t('tn.deadline'), deadline),
    el('label', {}, t('tn.assignee'), assignee),
    el('label', {}, el('span', {}, urgent, ` ${t('tn.urgent')}`)),
    el('button', { class: 'primary', type: 'submit', text: t('tn.save') }), msg, ok);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    ok.textContent = '';
    const body = { kind: KINDS.find(([k]) => k === kind.value)[1], urgent: urgent.checked };
    if (place.value) body.place = Number(place.value);
    if (title.value.trim()) body.title = title.value.trim();
    if (deadline.value) body.deadline = deadline.value.slice(0, 16);
    if (assignee.value.trim()) body.assignee = assignee.value.trim();
    try {
      const r = await post('/api/v1/tasks', body);
      ok.textContent = t('tn.done', r.assignee || t('task.nobody'));
      await onCreated();
    } catch (e) {
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
  });
  return form;
}
