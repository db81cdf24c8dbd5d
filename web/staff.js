// Staff sent down (issue 14): the 今日在岗 board of a unit (each post that
// receives staff with those on duty today by shift against its minimum, the
// posts below it marked), the staff list (with where each person is), and
// the staff spreadsheet import (errors by line, nothing written unless every
// row is right). A home unit's account sees only its own staff. 在岗人员
// (web/staff_onduty.js): who is where, by post with names, or by kind of
// post above the street.
import { t, fmtNumber } from './i18n.js';
import { get } from './api.js';
import { setCrumbs, scopeCode } from './app.js';
import { el } from './dom.js';
import { SHEET_TYPES } from './importer.js';

// The board of `unit` on the date in the `date` input, or on the server's
// today when it is empty (then shown in it).
async function board(out, unit, date) {
  const q = date.value ? `?date=${encodeURIComponent(date.value)}` : '';
  const s = await get(`/api/v1/units/${encodeURIComponent(unit)}/staffing${q}`);
  date.value = s.date;
  const tb = el('tbody');
  for (const p of s.items) {
    tb.append(el('tr', { class: p.gap ? 'gap' : '', 'data-post': String(p.post) },
      el('td', {}, el('a', { href: `#/staff/post/${p.post}`, text: p.name })), el('td', { text: t(`staff.kind.${p.kind}`) }),
      el('td', { class: 'num', text: `${p.shifts.day.on_duty}/${p.shifts.day.minimum}` }),
      el('td', { class: 'num', text: `${p.shifts.night.on_duty}/${p.shifts.night.minimum}` }),
      el('td', { class: 'num gapn', text: p.gap ? fmtNumber(p.gap) : '' })));
  }
  const tot = s.totals;
  out.replaceChildren(
    el('p', { id: 'staffing-totals', text: t('staff.totals', fmtNumber(tot.posts), fmtNumber(tot.on_duty), fmtNumber(tot.minimum), fmtNumber(tot.gap)) }),
    el('table', { id: 'staffing', class: 'list' },
      el('thead', {}, el('tr', {}, el('th', { text: t('staff.post') }), el('th', { text: t('staff.kind') }),
        el('th', { text: t('staff.day') }), el('th', { text: t('staff.night') }), el('th', { text: t('staff.gap') }))),
      tb));
}

async function list(out) {
  const s = await get('/api/v1/staff?limit=200');
  const tb = el('tbody');
  for (const p of s.items) {
    const d = p.deployment;
    tb.append(el('tr', { 'data-staff': String(p.id) }, el('td', { text: p.name }), el('td', { text: p.phone }),
      el('td', { text: p.home_unit }), el('td', { class: 'num', text: String(p.batch) }),
      el('td', { class: 'where', text: d ? `${d.post} ${d.from}～${d.until}` : '' })));
  }
  out.replaceChildren(el('table', { id: 'staff-list', class: 'list' },
    el('thead', {}, el('tr', {}, el('th', { text: t('staff.name') }), el('th', { text: t('staff.phone') }),
      el('th', { text: t('staff.home') }), el('th', { text: t('staff.batch') }), el('th', { text: t('staff.where') }))),
    tb));
}

function importForm(out) {
  const file = el('input', { id: 'staff-file', type: 'file', accept: SHEET_TYPES });
  const go = el('button', { class: 'primary', type: 'submit', text: t('imp.go') });
  const res = el('div', { id: 'staff-import-result' });
  const form = el('form', { class: 'card factform', style: 'max-width:640px' },
    el('h2', { text: t('staff.import') }), el('p', { class: 'muted', text: t('staff.import.hint') }),
    el('label', {}, t('imp.file'), file), go);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!file.files[0]) return;
    go.disabled = true;
    try {
      const r = await fetch('/api/v1/staff/import', {
        method: 'POST', body: file.files[0],
        headers: { 'Content-Type': file.files[0].type || 'application/octet-stream', 'X-CSRF-Token': sessionStorage.getItem('cordon.csrf') || '' },
      });
      const body = await r.json();
      if (body.error) {
        res.replaceChildren(el('p', { class: 'error', text: body.error.message }));
      } else if (body.committed) {
        res.replaceChildren(el('p', { id: 'staff-import-ok', text: t('imp.done', body.rows, body.created, body.updated) }));
      } else {
        const tb = el('tbody');
        body.errors.forEach((e) => tb.append(el('tr', {}, el('td', { class: 'num', text: String(e.line) }),
          el('td', { text: e.header }), el('td', { text: e.message }))));
        res.replaceChildren(el('p', { class: 'error', text: t('imp.bad', body.total_errors) }), el('table', { class: 'list' }, tb));
      }
    } finally {
      go.disabled = false;
    }
  });
  out.replaceChildren(form, res);
}

export async function renderStaff(main, user, arg, id) {
  if (arg === 'post' && id) return (await import('./staff_post.js')).renderPost(main, id);
  setCrumbs([{ label: t('nav.staff') }]);
  const perms = (user && user.permissions) || [];
  const body = el('div', { id: 'staff-body' });
  const unit = el('input', { id: 'staff-unit', value: scopeCode().slice(0, 12), inputmode: 'numeric' });
  const date = el('input', { id: 'staff-date', type: 'date' });
  const show = (what) => {
    if (what === 'board') board(body, unit.value.trim(), date).catch((e) => body.replaceChildren(el('p', { class: 'error', text: e.message })));
    else if (what === 'onduty') import('./staff_onduty.js').then((m) => m.renderOnDuty(body, unit.value.trim(), date))
      .catch((e) => body.replaceChildren(el('p', { class: 'error', text: e.message })));
    else if (what === 'list') list(body).catch((e) => body.replaceChildren(el('p', { class: 'error', text: e.message })));
    else if (what === 'counts') import('./staff_counts.js').then((m) => m.renderCounts(body, perms.includes('staff') ? unit.value.trim() : '', date.value))
      .catch((e) => body.replaceChildren(el('p', { class: 'error', text: e.message })));
    else importForm(body);
  };
  const bar = el('div', { class: 'card', id: 'staff-bar' });
  if (perms.includes('staff')) {
    const b = el('button', { id: 'staff-show-board', type: 'button', text: t('staff.board') });
    b.addEventListener('click', () => show('board'));
    bar.append(el('label', {}, t('staff.unit'), unit), el('label', {}, t('staff.date'), date), b);
  }
  for (const [id, what, key] of [['staff-show-onduty', 'onduty', 'staff.onduty'], ['staff-show-list', 'list', 'staff.list'], ['staff-show-counts', 'counts', 'staff.counts'], ['staff-show-import', 'import', 'staff.import']]) {
    const b = el('button', { id, type: 'button', text: t(key) });
    b.addEventListener('click', () => show(what));
    bar.append(b);
  }
  main.replaceChildren(bar, body);
  show(perms.includes('staff') ? 'board' : 'list');
  return null;
}
