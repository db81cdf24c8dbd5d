// The big screen of an operations centre (wall.html#TOKEN): a display token
// bound to one unit reads that unit's wall — six colours, the units below
// ranked by what needs attention, the last hour's events — and the page
// redraws it every REFRESH_MS. One request at a time, each with its own
// AbortController (a slow answer is dropped, never drawn over a newer one);
// no session, so nothing expires while the screen is on. A revoked token
// (401) stops the page with a message.
import { t, fmtNumber } from './i18n.js';
import { COLOURS, HEX } from './colours.js';
import { el } from './dom.js';

const REFRESH_MS = 10000;
const TIMEOUT_MS = 8000;
const root = document.getElementById('wall');
const token = decodeURIComponent(location.hash.slice(1));
let last = null;  // the time of the last answer drawn
let timer = 0;
let stopped = false;

function hhmm(iso) { return iso ? iso.slice(11, 16) : ''; }

function bar(colours, total) {
  const b = el('div', { class: 'bar' });
  COLOURS.forEach((c) => {
    if (!total || !colours[c]) return;
    const s = el('span');
    s.style.width = `${(100 * colours[c]) / total}%`;
    s.style.background = HEX[c];
    b.append(s);
  });
  return b;
}

function tiles(w) {
  const wrap = el('div', { class: 'wall-tiles', id: 'wall-tiles' });
  wrap.append(el('div', { class: 'wall-tile total', 'data-colour': 'total' },
    el('div', { class: 'n', text: fmtNumber(w.total) }),
    el('div', { class: 'l', text: t('wall.total') })));
  COLOURS.forEach((c) => wrap.append(el('div', { class: `wall-tile ${c}`, 'data-colour': c },
    el('div', { class: 'n', text: fmtNumber(w.colours[c] || 0) }),
    el('div', { class: 'l', text: `${t('colour.' + c)} ${t('colour.' + c + '.hint')}` }))));
  return wrap;
}

function cell(n) {
  return el('td', { class: n ? 'hot' : '', text: fmtNumber(n) });
}

function ranking(w) {
  const body = el('tbody');
  w.below.forEach((u, i) => {
    const a = u.attention;
    body.append(el('tr', { class: i === 0 && a.score ? 'first' : '', 'data-code': u.code },
      el('td', { text: u.name }), cell(a.handovers_overdue), cell(a.checkins_missed),
      cell(a.tasks_overdue),
      el('td', {}, el('div', { class: 'total' }, el('span', { text: fmtNumber(u.total) }), bar(u.colours, u.total)))));
  });
  const head = el('tr', {}, ...['wall.unit', 'wall.handovers', 'wall.missed', 'wall.tasks', 'wall.total']
    .map((k) => el('th', { text: t(k) })));
  return el('section', { class: 'wall-rank' }, el('h2', { text: t('wall.rank') }),
    el('table', { id: 'wall-rank' }, el('thead', {}, head), body));
}

function ticker(w) {
  const list = el('ol', { id: 'wall-events' });
  w.events.forEach((e) => list.append(el('li', {},
    el('time', { text: hhmm(e.at) }),
    `${e.unit_name} ${t('wall.src.' + e.source)}${t('wall.ev.' + e.kind)}`)));
  if (!w.events.length) list.append(el('li', { text: t('wall.no_events') }));
  // A long ticker scrolls: drawn twice, moved by half its width in a loop.
  if (w.events.length > 4) {
    [...list.children].forEach((li) => list.append(li.cloneNode(true)));
    list.classList.add('long');
  }
  return el('section', { class: 'wall-ticker' }, el('h2', { text: t('wall.events') }), list);
}

function draw(w) {
  document.title = `${w.name} ${t('wall.title')}`;
  const clock = el('div', { class: 'clock', id: 'wall-clock', text: t('wall.updated', hhmm(w.now)) });
  root.replaceChildren(
    el('header', { class: 'wall-head' }, el('h1', { text: `${w.name} ${t('wall.title')}` }), clock),
    tiles(w), ranking(w), ticker(w));
  root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
}

function message(key) {
  stopped = true;
  clearTimeout(timer);
  root.replaceChildren(el('div', { class: 'wall-message', id: 'wall-message', text: t(key) }));
}

async function refresh() {
  const ctl = new AbortController();
  const cut = setTimeout(() => ctl.abort(), TIMEOUT_MS);
  try {
    const res = await fetch('/api/v1/wall', {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      credentials: 'omit', signal: ctl.signal, cache: 'no-store',
    });
    if (res.status === 401) { message('wall.revoked'); return; }
    if (!res.ok) throw new Error(String(res.status));
    const w = await res.json();
    last = w.now;
    draw(w);
  } catch {
    const clock = document.getElementById('wall-clock');
    if (clock && last) { clock.textContent = t('wall.stale', hhmm(last)); clock.classList.add('stale'); }
  } finally {
    clearTimeout(cut);
  }
  if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
}

if (!token) message('wall.no_token');
else refresh();
