// Return to work (#/enterprises). The street sees its resumption figures
// (enterprises, staff and output open) and the enterprises above 500
// million yuan, lists its enterprises by status, and approves or returns
// an application with reasons. An enterprise (or its service specialist)
// sees its own record: it applies with its prevention checklist and its
// staff returning from outside the city (each handed over to its home
// committee; the state of each hand-over shown to it), and once
// approved opens partly or fully with its staff on site that day. An
// enterprise's supplier chain is drawn as an ECharts graph, the links from
// suppliers that are not open (which block the chain) in red, and listed
// under the graph.
import { t, fmtNumber } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { setCrumbs, toast, scopeCode } from './app.js';
import { el } from './dom.js';
import { showTickets, showHistory, openTicketsCard, groupLine, entriesTile, breakdownCard } from './enterprise_tickets.js';

const STATUSES = ['closed', 'applied', 'approved', 'partly_open', 'fully_open'];
const CHECKLIST = ['door', 'masks', 'canteen', 'returnees'];

function can(user, perm) { return (user.permissions || []).includes(perm); }

function pct(a, b) { return b ? `${Math.round((1000 * a) / b) / 10}%` : '—'; }

function rateTile(key, open, total) {
  return el('div', { class: 'tile', 'data-k': key },
    el('div', { class: 'n', text: pct(open, total) }),
    el('div', { class: 'muted', text: `${t(`ent.rate.${key}`)} ${fmtNumber(open)} / ${fmtNumber(total)}` }));
}

async function resumptionCard(code) {
  const r = await get(`/api/v1/units/${code}/resumption`);
  const card = el('section', { class: 'card', id: 'resumption' },
    el('h2', { text: t('ent.resumption') }),
    el('div', { class: 'tiles' },
      rateTile('count', r.enterprises.open, r.enterprises.total),
      rateTile('staff', r.staff.on_site, r.staff.total),
      rateTile('output', r.output.open, r.output.total),
      await entriesTile(code)));
  const rows = r.large.map((e) => el('tr', { 'data-id': e.id },
    el('td', { text: e.name }), el('td', { class: 'num', text: fmtNumber(e.output) }),
    el('td', { text: t(`ent.s.${e.status}`) })));
  card.append(el('h3', { text: t('ent.large') }),
    el('table', { class: 'list', id: 'large' },
      el('thead', {}, el('tr', {}, el('th', { text: t('ent.name') }), el('th', { text: t('ent.output') }),
        el('th', { text: t('ent.status') }))),
      el('tbody', {}, ...rows)));
  return card;
}

async function setStatus(id, body, done) {
  try {
    await post(`/api/v1/enterprises/${id}/status`, body);
    toast(t('ent.saved'));
    await done();
  } catch (e) {
    toast(e instanceof ApiError ? e.message : t('err.network'));
  }
}

function button(cls, text, fn) {
  const b = el('button', { type: 'button', class: cls, text });
  b.addEventListener('click', fn);
  return b;
}

// The street's actions on an application: approve, or return with reasons.
function streetActions(e, redraw) {
  const box = el('div', { class: 'row actions' });
  if (e.status !== 'applied') return box;
  const reason = el('input', { type: 'text', class: 'reason', placeholder: t('ent.reason') });
  box.append(button('primary approve', t('ent.approve'), () => setStatus(e.id, { status: 'approved' }, redraw)),
    reason,
    button('return', t('ent.return'), () => setStatus(e.id, { status: 'closed', reason: reason.value }, redraw)));
  return box;
}

// Staff returning from outside the city (issue 16): one row each, sent
// with the application; each becomes a hand-over to its home committee.
const RETURNEE_FIELDS = [['name', 'text'], ['document', 'text'], ['phone', 'tel'], ['origin', 'text'],
  ['arrival', 'date'], ['committee', 'text']];

function returneeRows() {
  const body = el('tbody', {});
  const add = button('add-returnee', t('ent.ret.add'), () => {
    const inputs = RETURNEE_FIELDS.map(([k, type]) => el('input', { type, name: k, class: `ret-${k}`,
      placeholder: t(`ent.ret.${k}.hint`) }));
    const tr = el('tr', { class: 'returnee' }, ...inputs.map((i) => el('td', {}, i)));
    tr.append(el('td', {}, button('remove-returnee', t('ent.ret.remove'), () => tr.remove())));
    body.append(tr);
  });
  const table = el('table', { class: 'list returnees-form' },
    el('thead', {}, el('tr', {}, ...RETURNEE_FIELDS.map(([k]) => el('th', { text: t(`ent.ret.${k}`) })), el('th', {}))),
    body);
  const read = () => [...body.querySelectorAll('tr.returnee')].map((tr) => {
    const r = {};
    RETURNEE_FIELDS.forEach(([k]) => {
      const v = tr.querySelector(`input[name=${k}]`).value.trim();
      if (v) r[k] = v;
    });
    return r;
  });
  return { box: el('div', { class: 'returnees-box' }, el('h4', { text: t('ent.ret.title') }), table, add), read };
}

// The enterprise's own view of its returnees: each one's hand-over state.
async function showReturnees(e, box) {
  const page = await get(`/api/v1/enterprises/${e.id}/returnees`);
  const rows = page.items.map((r) => el('tr', { 'data-state': r.handover.state },
    el('td', { text: r.name }), el('td', { text: r.origin }), el('td', { text: r.arrival }),
    el('td', { text: r.committee.name }), el('td', { class: 'state', text: t(`ent.ret.state.${r.handover.state}`) })));
  box.replaceChildren(el('h3', { text: t('ent.ret.title') }),
    rows.length ? el('table', { class: 'list returnees-list' }, el('tbody', {}, ...rows))
      : el('p', { class: 'muted', text: t('ent.ret.none') }));
  box.hidden = false;
}

// The enterprise's own actions: apply with the checklist, or open.
function ownActions(e, redraw) {
  const box = el('div', { class: 'row actions' });
  if (e.status === 'closed' || e.status === 'applied') {
    const checks = CHECKLIST.map((k) => {
      const c = el('input', { type: 'checkbox', name: k });
      return { k, c, label: el('label', {}, c, ` ${t(`ent.check.${k}`)}`) };
    });
    const masks = el('input', { type: 'number', min: '0', class: 'masks-count', value: '0' });
    const returnees = returneeRows();
    const apply = button('primary apply', t(e.status === 'applied' ? 'ent.reapply' : 'ent.apply'), () => {
      if (!checks.every((x) => x.c.checked)) { toast(t('ent.check.all')); return; }
      const got = (name) => checks.find((x) => x.k === name).c.checked;
      setStatus(e.id, { status: 'applied', reason: checks.map((x) => t(`ent.check.${x.k}`)).join('；'),
        checklist: { door_checks: got('door'), masks: Number(masks.value) || 0, canteen: got('canteen') },
        returnees: returnees.read() }, redraw);
    });
    box.append(...checks.map((x) => x.label), el('label', {}, `${t('ent.check.masks.count')} `, masks),
      returnees.box, apply);
    return box;
  }
  const staff = el('input', { type: 'number', min: '0', max: String(e.staff), class: 'on-site',
    value: String(e.staff_on_site || 0) });
  box.append(el('label', {}, `${t('ent.on_site')} `, staff),
    button('partly', t('ent.s.partly_open'), () => setStatus(e.id, { status: 'partly_open', staff_on_site: Number(staff.value) }, redraw)),
    button('primary fully', t('ent.s.fully_open'), () => setStatus(e.id, { status: 'fully_open', staff_on_site: Number(staff.value) }, redraw)));
  return box;
}

const RED = '#d93025';
const GREEN = '#1e8e3e';

async function showChain(id, box, user) {
  const ch = await get(`/api/v1/enterprises/${id}/chain`);
  if (!ch.suppliers.length) { toast(t('ent.chain.none')); return; }
  const graph = el('div', { class: 'chart', id: 'chain-graph', style: 'height:360px' });
  const links = el('ul', { id: 'chain-links' }, ...ch.suppliers.map((s) => el('li', {
    'data-blocked': String(s.blocked), class: s.blocked ? 'blocked' : '',
    text: `${s.name} → ${ch.enterprise.name} · ${t(`ent.s.${s.status}`)}` })));
  box.replaceChildren(el('h3', { text: `${t('ent.chain')} · ${ch.blocked ? t('ent.chain.blocked', ch.blocked_suppliers) : t('ent.chain.ok')}` }),
    groupLine(ch, user, () => showChain(id, box, user)), graph, links);
  box.hidden = false;
  if (!window.echarts) return;
  const chart = window.echarts.init(graph, null, { renderer: 'svg' });
  const grouped = new Set(ch.group ? ch.group.members.map((m) => m.id) : []);
  const nodes = [{ id: String(ch.enterprise.id), name: ch.enterprise.name, symbolSize: 48, x: 0, y: 0,
    symbol: grouped.has(ch.enterprise.id) ? 'diamond' : 'circle', itemStyle: { color: ch.blocked ? RED : GREEN } }];
  ch.suppliers.forEach((s, i) => {
    const a = (2 * Math.PI * i) / ch.suppliers.length;
    nodes.push({ id: String(s.id), name: s.name, symbolSize: 28, x: 200 * Math.cos(a), y: 200 * Math.sin(a),
      symbol: grouped.has(s.id) ? 'diamond' : 'circle', itemStyle: { color: s.blocked ? RED : GREEN } });
  });
  chart.setOption({
    animation: false,
    series: [{
      type: 'graph', layout: 'none', roam: true, label: { show: true, position: 'bottom' },
      edgeSymbol: ['none', 'arrow'], data: nodes,
      links: ch.suppliers.map((s) => ({ source: String(s.id), target: String(ch.enterprise.id),
        lineStyle: { color: s.blocked ? RED : GREEN, width: s.blocked ? 3 : 1.5 } })),
    }],
  });
}

function enterpriseItem(e, user, redraw) {
  const li = el('li', { class: `enterprise status-${e.status}`, 'data-id': e.id, 'data-status': e.status });
  li.append(el('div', { class: 'row' }, el('strong', { text: e.name }),
    el('span', { class: 'badge', text: t(`ent.s.${e.status}`) }), el('span', { class: 'spacer' }),
    el('span', { class: 'muted', text: `${e.industry} · ${t('ent.staff')} ${fmtNumber(e.staff)} · ${t('ent.on_site')} ${fmtNumber(e.staff_on_site)}` })),
  el('div', { class: 'muted', text: [e.credit_code, e.park && e.park.name, e.building && e.building.name].filter(Boolean).join(' · ') }));
  if (can(user, 'approve')) li.append(streetActions(e, redraw));
  else if (can(user, 'own_enterprise') || can(user, 'assigned')) li.append(ownActions(e, redraw));
  const chain = el('div', { class: 'chain', hidden: '' });
  li.append(button('chain-btn', t('ent.chain'), () => showChain(e.id, chain, user).catch((x) => toast(x.message))), chain);
  if (can(user, 'own_enterprise') || can(user, 'assigned')) {
    const ret = el('div', { class: 'returnees-state', hidden: '' });
    li.append(button('returnees-btn', t('ent.ret.title'), () => showReturnees(e, ret).catch((x) => toast(x.message))), ret);
  }
  const tickets = el('div', { class: 'tickets-box', hidden: '' });
  const history = el('div', { class: 'history-box', hidden: '' });
  li.append(button('tickets-btn', t('tk.title'), () => showTickets(e, user, tickets).catch((x) => toast(x.message))),
    button('history-btn', t('tk.history'), () => showHistory(e, history).catch((x) => toast(x.message))),
    tickets, history);
  return li;
}

export async function renderEnterprises(main, user) {
  setCrumbs([{ label: t('nav.enterprises') }]);
  const filter = el('select', { id: 'ent-status' }, el('option', { value: '', text: t('ent.all') }),
    ...STATUSES.map((s) => el('option', { value: s, text: t(`ent.s.${s}`) })));
  if (can(user, 'approve')) filter.value = 'applied';
  async function draw() {
    const q = filter.value ? `&status=${filter.value}` : '';
    const page = await get(`/api/v1/enterprises?limit=200${q}`);
    const parts = [];
    if (can(user, 'enterprises') && String(scopeCode()).length <= 9) {
      parts.push(await resumptionCard(scopeCode()), await breakdownCard(scopeCode()));
    }
    if (can(user, 'assigned') || can(user, 'approve')) parts.push(await openTicketsCard(user, draw));
    const list = el('ul', { class: 'enterprises', id: 'enterprises' },
      ...page.items.map((e) => enterpriseItem(e, user, draw)));
    if (!page.items.length) list.append(el('li', { class: 'muted', text: t('ent.none') }));
    parts.push(el('section', { class: 'card' }, el('div', { class: 'row' }, el('h2', { text: t('ent.list') }), filter), list));
    main.replaceChildren(...parts);
  }
  filter.addEventListener('change', draw);
  await draw();
  return null;
}
