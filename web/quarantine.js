// Quarantine follow-up (#/quarantine): the open cases of the caller's
// scope with their dates, the last check-in due (and whether it was
// missed), the latest readings, and a one-line form to record a
// temperature. A reading of 37.3 °C or more is shown in red: the server
// has turned the resident red and raised an urgent task. Each case can be
// released early or extended (a new last day) and cancelled when opened by
// mistake, always with a reason (the server records it and moves the
// resident's colour, counts and generated tasks with it).
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { setCrumbs, toast } from './app.js';
import { el } from './dom.js';

// The change form of a case: a new last day (the button reads "release
// early" or "extend" by the date chosen) or cancel, both with a reason.
function changeForm(c, onChange) {
  // No `min`: "today" is the server's (yesterday at the earliest), and it says so.
  const until = el('input', { type: 'date', name: 'until', value: c.until });
  const reason = el('input', { name: 'reason', maxlength: '60', placeholder: t('q.reason'), required: 'required' });
  const move = el('button', { type: 'submit', class: 'q-until', text: t('q.change_until') });
  const cancel = el('button', { type: 'button', class: 'q-cancel danger', text: t('q.cancel') });
  until.addEventListener('input', () => {
    move.textContent = t(until.value < c.until ? 'q.release' : until.value > c.until ? 'q.extend' : 'q.change_until');
  });
  async function send(path, body, done) {
    if (!reason.value.trim()) {
      reason.classList.add('bad');
      reason.focus();
      toast(t('q.reason_needed'));
      return;
    }
    try {
      await post(`/api/v1/quarantines/${c.id}/${path}`, body);
      toast(t(done));
      await onChange();
    } catch (e) {
      (e instanceof ApiError && e.field === 'until' ? until : reason).classList.add('bad');
      toast(e instanceof ApiError ? e.message : t('err.network'));
    }
  }
  const form = el('form', { class: 'row qchange' }, until, reason, move, cancel);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    send('until', { until: until.value, reason: reason.value.trim() },
      until.value < c.until ? 'q.released' : 'q.extended');
  });
  cancel.addEventListener('click', () => send('cancel', { reason: reason.value.trim() }, 'q.cancelled'));
  return el('details', { class: 'qchange' }, el('summary', { text: t('q.change') }), form);
}

function caseItem(c, onChange) {
  const last = c.temperatures.slice(-4).map((r) => `${r.day.slice(5)} ${t('q.slot.' + r.slot)} ${r.temperature.toFixed(1)}`).join(' · ');
  const temp = el('input', { name: 'temperature', inputmode: 'decimal', placeholder: '36.5', size: '5' });
  const slot = el('select', { name: 'slot' }, el('option', { value: 'morning', text: t('q.slot.morning') }),
    el('option', { value: 'evening', text: t('q.slot.evening') }));
  slot.value = new Date().getHours() >= 14 ? 'evening' : 'morning';
  const form = el('form', { class: 'row tempform' }, temp, slot, el('button', { class: 'primary', type: 'submit', text: t('q.record') }));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await post(`/api/v1/quarantines/${c.id}/temperatures`, { temperature: temp.value, slot: slot.value });
      toast(r.fever ? t('q.fever') : t('q.saved'));
      await onChange();
    } catch (e) {
      temp.classList.add('bad');
      toast(e instanceof ApiError ? e.message : t('err.network'));
    }
  });
  return el('li', { class: `qcase${c.due.missed ? ' is-overdue' : ''}`, 'data-case': c.id },
    el('div', { class: 'row' }, el('strong', { text: `${c.name} · ${t('quarantine.' + c.kind)}` }),
      c.due.missed ? el('span', { class: 'badge red', text: t('q.missed') }) : null,
      el('span', { class: 'spacer' }), el('span', { class: 'muted', text: `${c.from} → ${c.until}` })),
    el('div', { class: 'where', text: c.address }),
    el('div', { class: 'muted', text: `${t('q.follower')} ${c.follower || '-'} · ${last}` }),
    form, changeForm(c, onChange));
}

// Newest cases first, fifty at a time (each case carries two forms: a
// committee's few hundred at once made the page slow), more on demand.
const CASES_PAGE = 50;

export async function renderQuarantine(main) {
  async function draw() {
    const r = await get(`/api/v1/quarantines?limit=${CASES_PAGE}`);
    setCrumbs([{ label: t('q.title') }]);
    const list = el('ul', { class: 'tasks', id: 'cases' });
    const shown = el('span', { class: 'muted', id: 'cases-shown' });
    const more = el('button', { type: 'button', id: 'cases-more', text: t('res.more') });
    let next = r.next;
    const add = (items) => {
      items.forEach((c) => list.append(caseItem(c, draw)));
      more.hidden = !next;
      shown.textContent = `${list.children.length}${next ? '+' : ''}`;
    };
    more.addEventListener('click', async () => {
      const p = await get(`/api/v1/quarantines?limit=${CASES_PAGE}&cursor=${encodeURIComponent(next)}`);
      next = p.next;
      add(p.items);
    });
    add(r.items);
    main.replaceChildren(el('div', { class: 'card' },
      el('div', { class: 'row' }, el('h1', { text: t('q.title') }), el('span', { class: 'spacer' }), shown),
      r.items.length ? list : el('p', { class: 'muted', text: t('q.none') }), more));
  }
  await draw();
  return null;
}

// The room panel's action: home quarantine for a resident from today,
// fourteen days. Returns the case (with the resident's check-in link).
// Every resident of a household (within the caller's scope) at once.
export async function startHouseholdQuarantine(householdId, from) {
  return post(`/api/v1/households/${householdId}/quarantine`, { kind: 'home', from });
}

export async function startHomeQuarantine(residentId, from) {
  return post('/api/v1/quarantines', { resident: residentId, kind: 'home', from });
}
