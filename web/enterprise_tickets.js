// Problem tickets and an enterprise's history (issue 16), shown under each
// enterprise of the return-to-work screen: its tickets (kind, state,
// deadline, overdue) with the actions the caller may take — the
// specialist (or the street) accepts and closes, the enterprise withdraws
// its own — a form to open one (the enterprise and its specialist), and
// the history of status changes, applications and ticket events. A
// specialist's or street's open tickets across its enterprises are a card
// of their own above the list. The chain view's line about the enterprise's
// resume-together group (members drawn as diamonds) is here too, with the
// street's button that makes the chain a group.
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { toast } from './app.js';
import { el } from './dom.js';

export const TICKET_KINDS = ['supplies', 'staff_quarantine', 'logistics', 'finance', 'permits', 'other'];

function can(user, perm) { return (user.permissions || []).includes(perm); }

function button(cls, text, fn) {
  const b = el('button', { type: 'button', class: cls, text });
  b.addEventListener('click', fn);
  return b;
}

async function act(url, body, done) {
  try {
    await post(url, body);
    toast(t('ent.saved'));
    await done();
  } catch (e) {
    toast(e instanceof ApiError ? e.message : t('err.network'));
  }
}

function when(s) { return s ? s.slice(0, 16).replace('T', ' ') : ''; }

// One ticket as a list item with the caller's actions.
function ticketItem(k, user, redraw, withName) {
  const li = el('li', { class: `ticket state-${k.state}`, 'data-id': k.id, 'data-state': k.state,
    'data-kind': k.ticket_kind });
  const works = can(user, 'approve') || can(user, 'assigned');
  li.append(el('div', { class: 'row' },
    el('span', { class: 'badge', text: t(`tk.k.${k.ticket_kind}`) }),
    el('strong', { text: withName ? `${k.enterprise.name} · ${k.title}` : k.title }),
    el('span', { class: 'badge state', text: t(`tk.s.${k.state}`) }),
    k.overdue ? el('span', { class: 'badge overdue', text: t('tk.overdue') }) : '',
    el('span', { class: 'spacer' }),
    el('span', { class: 'muted', text: `${t('tk.deadline')} ${when(k.deadline)} · ${k.assignee || t('tk.nobody')}` })));
  if (k.note) li.append(el('div', { class: 'muted', text: k.note }));
  const box = el('div', { class: 'row actions' });
  const active = k.state === 'open' || k.state === 'accepted';
  if (works && k.state === 'open') box.append(button('accept', t('tk.accept'), () => act(`/api/v1/tickets/${k.id}/accept`, {}, redraw)));
  if (works && active) box.append(button('primary done', t('tk.done'), () => act(`/api/v1/tickets/${k.id}/done`, {}, redraw)));
  if (active && (works || k.created_by === user.name)) {
    box.append(button('cancel', t('tk.cancel'), () => act(`/api/v1/tickets/${k.id}/cancel`, {}, redraw)));
  }
  li.append(box);
  return li;
}

// The form to open a ticket for enterprise `id`.
function openForm(id, redraw) {
  const kind = el('select', { class: 'tk-kind' }, ...TICKET_KINDS.map((k) => el('option', { value: k, text: t(`tk.k.${k}`) })));
  const note = el('input', { type: 'text', class: 'tk-note', placeholder: t('tk.note') });
  return el('div', { class: 'row tk-open' }, kind, note,
    button('primary open-ticket', t('tk.open'), () => act(`/api/v1/enterprises/${id}/tickets`,
      note.value ? { kind: kind.value, note: note.value } : { kind: kind.value }, redraw)));
}

// Tickets of one enterprise into `box` (shown), with the form when the
// caller owns or serves it.
export async function showTickets(e, user, box) {
  async function draw() {
    const page = await get(`/api/v1/enterprises/${e.id}/tickets?limit=100`);
    const list = el('ul', { class: 'tickets' }, ...page.items.map((k) => ticketItem(k, user, draw, false)));
    if (!page.items.length) list.append(el('li', { class: 'muted', text: t('tk.none') }));
    const parts = [el('h3', { text: t('tk.title') })];
    if (can(user, 'own_enterprise') || can(user, 'assigned')) parts.push(openForm(e.id, draw));
    box.replaceChildren(...parts, list);
    box.hidden = false;
  }
  await draw();
}

function historyText(h) {
  if (h.what === 'status') {
    const on = h.staff_on_site ? ` · ${t('ent.on_site')} ${h.staff_on_site}` : '';
    return `${h.day} ${t(`ent.s.${h.event}`)}${on}${h.detail ? ` · ${h.detail}` : ''}`;
  }
  return `${t('tk.ticket')} #${h.ticket} ${t(`tk.k.${h.ticket_kind}`)} · ${t(`tk.e.${h.event}`)}${h.detail ? ` · ${h.detail}` : ''}`;
}

// The history of one enterprise into `box`.
export async function showHistory(e, box) {
  const r = await get(`/api/v1/enterprises/${e.id}/history`);
  const list = el('ol', { class: 'history' }, ...r.items.map((h) => el('li', { 'data-what': h.what, 'data-event': h.event },
    el('span', { class: 'muted', text: `${when(h.at)} ${h.by} ` }), historyText(h))));
  if (!r.items.length) list.append(el('li', { class: 'muted', text: t('tk.history.none') }));
  box.replaceChildren(el('h3', { text: t('tk.history') }), list);
  box.hidden = false;
}

// The caller's open tickets across its enterprises (a specialist, a street).
export async function openTicketsCard(user, redraw) {
  const page = await get('/api/v1/tickets?state=active&limit=100');
  const list = el('ul', { class: 'tickets', id: 'my-tickets' }, ...page.items.map((k) => ticketItem(k, user, redraw, true)));
  if (!page.items.length) list.append(el('li', { class: 'muted', text: t('tk.none') }));
  return el('section', { class: 'card' }, el('h2', { text: t('tk.mine') }), list);
}

// The resume-together group of a chain: how many members are approved, or
// for the street a button grouping the enterprise with its suppliers.
export function groupLine(ch, user, redraw) {
  const g = ch.group;
  if (g) {
    return el('div', { class: 'group-line', id: 'chain-group', 'data-ready': String(g.ready), 'data-waiting': String(g.waiting) },
      el('span', { class: `badge ${g.ready ? '' : 'overdue'}`, text: t('grp.title') }),
      ` ${g.name} · ${g.ready ? t('grp.ready') : t('grp.waiting', g.waiting, g.members.length)}`);
  }
  if (!can(user, 'approve') || !ch.suppliers.length) return '';
  return button('make-group', t('grp.make'), () => act('/api/v1/enterprise-groups', {
    name: `${ch.enterprise.name}${t('grp.suffix')}`,
    members: [ch.enterprise.id, ...ch.suppliers.map((x) => x.id)],
  }, redraw));
}

// Today's workers on site, counted at the doors of parks and buildings,
// against the staff the register puts there.
export async function entriesTile(code) {
  const r = await get(`/api/v1/units/${code}/entries`);
  const pct = r.normal ? `${Math.round((1000 * r.on_site) / r.normal) / 10}%` : '—';
  return el('div', { class: 'tile', 'data-k': 'entries', 'data-on-site': String(r.on_site) },
    el('div', { class: 'n', text: pct }),
    el('div', { class: 'muted', text: `${t('ent.entries')} ${r.on_site} / ${r.normal}${r.fevers ? ` · ${t('ent.fevers', r.fevers)}` : ''}` }));
}

function pct(a, b) { return b ? `${Math.round((1000 * a) / b) / 10}%` : '—'; }

// Resumption by park, building, industry or street, and open tickets by
// kind and age (the street's and district's dashboard).
export async function breakdownCard(code) {
  const by = el('select', { id: 'breakdown-by' }, ...['park', 'building', 'industry', 'street']
    .map((k) => el('option', { value: k, text: t(`bd.${k}`) })));
  const table = el('table', { class: 'list', id: 'breakdown' });
  const tickets = el('table', { class: 'list', id: 'ticket-summary' });
  async function draw() {
    const r = await get(`/api/v1/units/${code}/resumption/breakdown?by=${by.value}`);
    table.replaceChildren(el('thead', {}, el('tr', {}, ...['bd.group', 'ent.rate.count', 'ent.rate.staff', 'ent.rate.output']
      .map((k) => el('th', { text: t(k) })))),
    el('tbody', {}, ...r.groups.map((g) => el('tr', { 'data-key': g.key },
      el('td', { text: g.name || t('bd.none') }),
      el('td', { class: 'num', text: `${pct(g.enterprises.open, g.enterprises.total)} (${g.enterprises.open}/${g.enterprises.total})` }),
      el('td', { class: 'num', text: pct(g.staff.on_site, g.staff.total) }),
      el('td', { class: 'num', text: pct(g.output.open, g.output.total) })))));
  }
  by.addEventListener('change', () => draw().catch((x) => toast(x.message)));
  const s = await get(`/api/v1/units/${code}/tickets/summary`);
  tickets.append(el('thead', {}, el('tr', {}, ...['tk.title', 'tk.s.open', 'tk.s.accepted', 'tk.overdue', 'bd.age1', 'bd.age3', 'bd.older']
    .map((k) => el('th', { text: t(k) })))),
  el('tbody', {}, ...s.kinds.map((k) => el('tr', { 'data-kind': k.kind },
    el('td', { text: t(`tk.k.${k.kind}`) }), ...[k.open, k.accepted, k.overdue, k.age.under_1d, k.age['1d_3d'], k.age.over_3d]
      .map((n) => el('td', { class: 'num', text: String(n) }))))));
  await draw();
  return el('section', { class: 'card', id: 'dashboards' },
    el('div', { class: 'row' }, el('h2', { text: t('bd.title') }), by), table,
    el('h3', { text: t('bd.tickets') }), tickets);
}
