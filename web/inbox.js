// The inbox of hand-overs for a committee (and the queue of a street,
// district or city): travellers screened at checkpoints on their way here,
// oldest first, each with its deadline — overdue ones marked with the level
// they have escalated to. Accept (the traveller joins the register and gets
// a colour), reject with a reason (back to the street), or route to another
// unit. Also the checkpoint tiles of the dashboard. Refreshes every 5 s.
import { t, fmtNumber } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { setCrumbs, toast } from './app.js';
import { el } from './dom.js';
import { revealButton, phoneLink } from './reveal.js';
import { originsCard } from './origins.js';
import { poll, newest } from './poll.js';

// After accepting a traveller from abroad or from a high-risk origin, the
// quarantine the rules call for (the hand-over's quarantine_offer: the
// origins table's kind and days, or home for 14 days from abroad), from
// the day of arrival, prefilled, one click.
async function quarantineOffer(h, accepted, shownName) {
  const o = accepted.quarantine_offer;
  if (!o || !accepted.resident) return null;
  const r = await get(`/api/v1/residents/${accepted.resident}`);
  if (r.facts.quarantine && r.facts.quarantine.kind !== 'none') return null;
  const { from, until } = o;
  const kind = el('select', { class: 'qoffer-kind' }, el('option', { value: 'home', text: t('quarantine.home') }),
    el('option', { value: 'central', text: t('quarantine.central') }));
  kind.value = o.kind;
  const go = el('button', { type: 'button', class: 'primary qoffer-go', text: t('qoffer.go', t('quarantine.' + o.kind)) });
  // Central quarantine names its site (隔离点), asked for only then.
  const site = el('input', { class: 'qoffer-facility', placeholder: t('qoffer.facility') });
  const showSite = () => { site.hidden = kind.value !== 'central'; };
  showSite();
  kind.addEventListener('change', () => { go.textContent = t('qoffer.go', t('quarantine.' + kind.value)); showSite(); });
  const why = o.pattern ? t('qoffer.origin', o.pattern, t('quarantine.' + o.kind), String(o.days)) : t('qoffer.abroad');
  const box = el('div', { class: 'card qoffer', 'data-resident': String(accepted.resident) },
    el('p', {}, el('strong', { text: `${t('qoffer.title')} ${shownName || r.name}` }), ` ${why}（${from} → ${until}）`),
    el('div', { class: 'row' }, kind, site, go));
  go.addEventListener('click', async () => {
    go.disabled = true;
    try {
      const body = { resident: accepted.resident, kind: kind.value, from, until };
      if (kind.value === 'central') body.facility = site.value.trim();
      const c = await post('/api/v1/quarantines', body);
      box.replaceChildren(el('p', { class: 'qoffer-done', text: `${t('qoffer.done')}${location.origin}${c.checkin}` }));
    } catch (e) {
      go.disabled = false;
      box.append(el('p', { class: 'error', text: e instanceof ApiError ? e.message : t('err.network') }));
    }
  });
  return box;
}

const REFRESH_MS = 5000;
const STATES = ['pending', 'overdue', 'accepted'];

// Where a hand-over came from: a checkpoint's post, or an enterprise whose
// returning staff member it is (issue 16).
function sourceLine(h, s) {
  if (h.source === 'enterprise') {
    return el('div', { class: 'muted source', 'data-source': 'enterprise',
      text: `${s.origin} · ${t('inbox.from.enterprise', h.enterprise.name)} · ${t('inbox.arrival')} ${s.date}` });
  }
  return el('div', { class: 'muted source', 'data-source': 'checkpoint',
    text: `${s.origin}${s.travel ? ' · ' + s.travel : ''} · ${s.post.checkpoint}${s.post.name} ${s.at.slice(5, 16).replace('T', ' ')}` });
}

function item(h, canRoute, onChange, offers) {
  const s = h.screening || h.returnee;
  let shownName = null; // the full name, once revealed
  const reason = el('input', { class: 'reason', placeholder: t('inbox.reason'), hidden: '' });
  const routeTo = el('input', { class: 'route-to', placeholder: t('inbox.route.hint'), hidden: '' });
  const msg = el('span', { class: 'muted msg' });
  const act = async (what, body) => {
    try {
      const done = await post(`/api/v1/handovers/${h.id}/${what}`, body);
      toast(t(`inbox.${what}.done`));
      const offer = what === 'accept' && await quarantineOffer(h, done, shownName);
      if (offer) offers.prepend(offer);
      onChange();
    } catch (e) {
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
  };
  const accept = el('button', { class: 'primary accept', type: 'button', text: t('inbox.accept') });
  accept.addEventListener('click', () => act('accept', {}));
  const reject = el('button', { class: 'reject', type: 'button', text: t('inbox.reject') });
  reject.addEventListener('click', () => {
    if (reason.hidden) { reason.hidden = false; reason.focus(); return; }
    act('reject', { reason: reason.value.trim() });
  });
  reason.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') act('reject', { reason: reason.value.trim() }); });
  const route = el('button', { class: 'route', type: 'button', text: t('inbox.route') });
  route.addEventListener('click', () => {
    if (routeTo.hidden) { routeTo.hidden = false; routeTo.focus(); return; }
    act('route', { unit: routeTo.value.trim() });
  });
  const badges = el('span', {});
  if (s.fever) badges.append(el('span', { class: 'badge red', text: `${t('inbox.fever')} ${s.temperature_text}℃` }));
  if (s.abroad) badges.append(el('span', { class: 'badge yellow', text: t('inbox.abroad') }));
  if (h.quarantine_offer && h.quarantine_offer.pattern) badges.append(el('span', { class: 'badge risk', style: 'background:#ef6c00', text: t('inbox.risk', h.quarantine_offer.pattern) }));
  if (h.overdue) badges.append(el('span', { class: 'badge overdue', text: t('inbox.overdue.badge', h.escalated_to ? h.escalated_to.name : '') }));
  if (h.state === 'accepted') badges.append(el('span', { class: 'badge ok', text: t('inbox.accepted') }));
  const addr = [h.address.compound, h.address.building && `${h.address.building}号`, h.address.room && `${h.address.room}室`].filter(Boolean).join(' ');
  const li = el('li', { class: `handover${h.overdue ? ' is-overdue' : ''}`, 'data-id': String(h.id) },
    el('div', { class: 'row' }, el('strong', { text: s.name }), el('span', { class: 'muted', text: s.document }), badges,
      el('span', { class: 'spacer' }), el('span', { class: 'muted', text: `${t('inbox.deadline')} ${h.deadline.slice(5, 16).replace('T', ' ')}` })),
    sourceLine(h, s),
    el('div', { text: h.source === 'enterprise' ? `${t('inbox.home')} → ${h.unit_name}`
      : `${t('inbox.to')} ${s.destination}${addr ? ' (' + addr + ')' : ''} → ${h.unit_name}` }));
  // 查看完整信息: the traveller's name, document and phone, with a reason.
  const reveal = revealButton(`/api/v1/handovers/${h.id}`, (full) => {
    const f = full.screening || full.returnee;
    shownName = f.name;
    li.querySelector('strong').textContent = f.name;
    li.querySelector('.row .muted').replaceChildren(`${f.document} · `, f.phone ? phoneLink(f.phone) : '');
  });
  if (reveal) li.append(el('div', { class: 'row' }, reveal));
  if (h.state === 'pending') {
    const buttons = el('div', { class: 'row actions' });
    if (h.level === 4) buttons.append(accept);
    if (h.level > 1) buttons.append(reject, reason);
    if (canRoute) buttons.append(route, routeTo);
    buttons.append(msg);
    li.append(buttons);
  }
  return li;
}

export async function renderInbox(main, user, unit) {
  setCrumbs([{ label: t('inbox.title') }]);
  let state = 'pending';
  const list = el('ul', { class: 'inbox', id: 'inbox' });
  const offers = el('div', { id: 'qoffers' }); // quarantine offered after an accept; survives refreshes
  const tabs = el('div', { class: 'row seg' });
  const canRoute = (user.unit || '').length < 12;
  STATES.forEach((s) => {
    const b = el('button', { type: 'button', 'data-state': s, text: t(`inbox.${s}`) });
    b.addEventListener('click', () => { state = s; load(); });
    tabs.append(b);
  });
  main.replaceChildren(el('div', { class: 'card' }, el('div', { class: 'row' }, el('h2', { text: t('inbox.title') }),
    el('span', { class: 'spacer' }), tabs), offers, list));
  const rules = originsCard(user);
  if (rules) main.append(rules);

  // A tab switched while an older list is on its way: only the newest is
  // drawn (poll.js).
  const draws = newest();
  async function load() {
    const k = draws.take();
    tabs.querySelectorAll('button').forEach((b) => b.classList.toggle('on', b.dataset.state === state));
    try {
      const q = `?state=${state}&limit=200${unit ? '&unit=' + unit : ''}`;
      const r = await get(`/api/v1/handovers${q}`);
      if (!draws.still(k)) return;
      list.replaceChildren(...(r.items.length ? r.items.map((h) => item(h, canRoute, load, offers))
        : [el('li', { class: 'muted', text: t('inbox.empty') })]));
    } catch (e) { /* keep the last picture */ }
  }
  await load();
  // The refresh waits while a reason or a destination is being typed or a
  // traveller's record is revealed; the quarantine offers are kept apart.
  return poll(list, REFRESH_MS, load);
}

// The dashboard's checkpoint card: screened today by post, fever alerts,
// hand-overs pending and overdue by level.
export function checkpointCard(d) {
  const cp = d.checkpoints;
  if (!cp) return null;
  const ho = cp.handovers;
  const tiles = el('div', { class: 'tiles cp-tiles', id: 'cp-tiles' },
    el('div', { class: 'tile total', 'data-k': 'screened' }, el('div', { class: 'n', text: fmtNumber(cp.screenings.today) }), el('div', { class: 'l', text: t('cp.screened') })),
    el('div', { class: 'tile bg-red', 'data-k': 'fever' }, el('div', { class: 'n', text: fmtNumber(cp.screenings.fever) }), el('div', { class: 'l', text: t('cp.fever') })),
    el('div', { class: 'tile bg-blue', 'data-k': 'pending' }, el('div', { class: 'n', text: fmtNumber(ho.pending) }), el('div', { class: 'l', text: t('cp.pending') })),
    el('div', { class: 'tile bg-orange', 'data-k': 'overdue' }, el('div', { class: 'n', text: fmtNumber(ho.overdue) }),
      el('div', { class: 'l', text: t('cp.overdue') }),
      el('div', { class: 'd', text: `${t('cp.at.street')} ${ho.escalated.street} · ${t('cp.at.district')} ${ho.escalated.district}` })));
  const card = el('div', { class: 'card', id: 'checkpoints' }, el('div', { class: 'row' }, el('h2', { text: t('cp.title') }),
    el('span', { class: 'spacer' }), el('a', { href: '#/inbox', text: t('inbox.title') })), tiles);
  const levels = Object.entries(ho.levels);
  if (levels.length) {
    card.append(el('table', { id: 'cp-levels' }, el('thead', {}, el('tr', {}, el('th', { text: t('dash.unit') }),
      el('th', { class: 'num', text: t('cp.pending') }), el('th', { class: 'num', text: t('cp.overdue') }))),
    el('tbody', {}, ...levels.map(([lv, n]) => el('tr', {}, el('td', { text: t(`cp.level.${lv}`) }),
      el('td', { class: 'num', text: fmtNumber(n.pending) }), el('td', { class: 'num', text: fmtNumber(n.overdue) }))))));
  }
  if (cp.screenings.posts.length) {
    card.append(el('table', { id: 'cp-posts' }, el('thead', {}, el('tr', {}, el('th', { text: t('scr.post') }),
      el('th', { class: 'num', text: t('cp.screened') }), el('th', { class: 'num', text: t('cp.fever') }))),
    el('tbody', {}, ...cp.screenings.posts.map((p) => el('tr', {}, el('td', { text: `${p.checkpoint} ${p.name}` }),
      el('td', { class: 'num', text: fmtNumber(p.screened) }), el('td', { class: 'num', text: fmtNumber(p.fever) }))))));
  }
  return card;
}
