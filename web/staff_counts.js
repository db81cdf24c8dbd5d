// The staff counts (issue 14): staff sent by home unit and batch (and how
// many of them are deployed on the day), staff received by district,
// street and kind of post, and duty hours per person over the last seven
// days from signing in and out. A home unit's account sees its own only.
import { t, fmtNumber } from './i18n.js';
import { get } from './api.js';
import { el } from './dom.js';

function table(id, heads, rows) {
  return el('table', { id, class: 'list' },
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { text: t(h) })))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v) => el('td', { class: typeof v === 'number' ? 'num' : '', text: typeof v === 'number' ? fmtNumber(v) : v }))))));
}

function byKey(obj, label) {
  return Object.entries(obj).sort((a, b) => b[1] - a[1]).map(([k, n]) => [label(k), n]);
}

export async function renderCounts(out, unit, date) {
  const q = new URLSearchParams();
  if (unit) q.set('unit', unit);
  if (date) q.set('date', date);
  const [c, h] = await Promise.all([get(`/api/v1/staff/counts?${q}`), get(`/api/v1/staff/hours?${unit ? `unit=${encodeURIComponent(unit)}` : ''}`)]);
  const r = c.received;
  const named = (code) => r.names?.[code] || code; // a unit's name, its code when it has none
  out.replaceChildren(
    el('h2', { text: t('staff.counts.sent') }),
    table('staff-sent', ['staff.home', 'staff.batch', 'staff.counts.staff', 'staff.counts.deployed'],
      c.sent.map((s) => [s.home_unit, s.batch, s.staff, s.deployed])),
    el('h2', { text: t('staff.counts.received', fmtNumber(r.total)) }),
    el('div', { class: 'row' },
      table('staff-by-district', ['staff.counts.district', 'staff.counts.staff'], byKey(r.by_district, named)),
      table('staff-by-street', ['staff.counts.street', 'staff.counts.staff'], byKey(r.by_street, named)),
      table('staff-by-kind', ['staff.kind', 'staff.counts.staff'], byKey(r.by_kind, (k) => t(`staff.kind.${k}`)))),
    el('h2', { text: t('staff.counts.hours', h.from, h.until) }),
    table('staff-hours', ['staff.name', 'staff.home', 'staff.counts.hours.n', 'staff.counts.days'],
      h.items.map((i) => [i.name, i.home_unit, Math.round(i.hours * 10) / 10, i.days])));
}
