// The 在岗人员 board (issue 14, Y14): who is where on a day. A committee or
// a street: each post (gaps first) with its day and night shifts -- who is
// on duty, their home unit and duty, signed in (✓) or not, against the
// minimum. A district or the city: counts by kind of post (the answer stays
// small; ask a street for the people). A home unit's account sees its own
// staff only, and no minimums. Who arrives or leaves that day is counted
// above the table and marked beside each name.
import { t, fmtNumber } from './i18n.js';
import { get } from './api.js';
import { el } from './dom.js';

const num = (n) => (n === null || n === undefined ? '—' : fmtNumber(n));

// Arriving (the first day of the deployment) or leaving (its last) on the
// day shown.
function moves(p, day) {
  const m = [];
  if (p.from === day) m.push(el('span', { class: 'badge arriving', text: t('staff.onduty.arriving') }));
  if (p.until === day) m.push(el('span', { class: 'badge leaving', text: t('staff.onduty.leaving') }));
  return m;
}

function person(p, day) {
  return el('li', { class: p.signed_in ? 'in' : 'out', 'data-staff': String(p.staff) },
    el('span', { class: 'mark', text: p.signed_in ? '✓' : '·', title: t(p.signed_in ? 'staff.onduty.in' : 'staff.onduty.out') }),
    ` ${p.name}`, el('span', { class: 'muted', text: ` ${p.home_unit} · ${t(`staff.duty.${p.duty}`)}` }),
    ...moves(p, day));
}

function shiftCell(s, shift, day) {
  return el('td', { 'data-shift': shift },
    el('div', { class: 'num', text: `${fmtNumber(s.on_duty)}/${num(s.minimum)}${s.gap ? ` ${t('staff.onduty.short', s.gap)}` : ''}` }),
    el('ul', { class: 'people' }, ...s.people.map((p) => person(p, day))));
}

function byPost(b) {
  return el('table', { id: 'onduty', class: 'list' },
    el('thead', {}, el('tr', {}, el('th', { text: t('staff.post') }), el('th', { text: t('staff.kind') }),
      el('th', { text: t('staff.shift.day') }), el('th', { text: t('staff.shift.night') }))),
    el('tbody', {}, ...b.items.map((p) => el('tr', { class: p.gap ? 'gap' : '', 'data-post': String(p.post) },
      el('td', {}, el('a', { href: `#/staff/post/${p.post}`, text: p.name })), el('td', { text: t(`staff.kind.${p.kind}`) }),
      shiftCell(p.shifts.day, 'day', b.date), shiftCell(p.shifts.night, 'night', b.date)))));
}

function byKind(b) {
  return el('table', { id: 'onduty-kinds', class: 'list' },
    el('thead', {}, el('tr', {}, ...['staff.kind', 'staff.onduty.posts', 'staff.onduty.short.posts', 'staff.onduty.minimum', 'staff.onduty.on', 'staff.onduty.in', 'staff.gap']
      .map((k) => el('th', { text: t(k) })))),
    el('tbody', {}, ...b.items.map((k) => el('tr', { class: k.gap ? 'gap' : '', 'data-kind': k.kind },
      el('td', { text: t(`staff.kind.${k.kind}`) }),
      ...[k.posts, k.posts_short, k.minimum, k.on_duty, k.signed_in, k.gap].map((n) => el('td', { class: 'num', text: num(n) }))))));
}

export async function renderOnDuty(out, unit, date) {
  const q = date.value ? `?date=${encodeURIComponent(date.value)}` : '';
  const b = await get(`/api/v1/units/${encodeURIComponent(unit)}/on-duty${q}`);
  date.value = b.date;
  const tot = b.totals;
  out.replaceChildren(
    el('p', { id: 'onduty-totals', text: t('staff.onduty.totals', num(tot.posts), num(tot.on_duty), num(tot.signed_in), num(tot.minimum), num(tot.gap)) }),
    el('p', { id: 'onduty-moves', text: t('staff.onduty.moves', num(tot.arriving), num(tot.leaving)) }),
    b.by === 'kind' ? byKind(b) : byPost(b));
}
