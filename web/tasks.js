// Tasks on a phone and on a board. "My tasks" (#/tasks) is the grid
// worker's screen: today's open and accepted tasks, nearest deadline first,
// each with one big button to accept it and one to mark it done. The
// overdue board (#/board, #/board/CODE) lists the tasks that have escalated
// to a unit's level (committee, street, district), the oldest first. The
// dashboard card with the counters is tasksCard().
import { t, fmtNumber } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { setCrumbs, toast, scopeCode } from './app.js';
import { el } from './dom.js';
import { revealButton, phoneLink } from './reveal.js';
import { poll, newest } from './poll.js';

const REFRESH_MS = 15000;

// Every task kind, in the server's order (GET /api/v1/tasks?kind=).
const KIND_CODES = ['rubbish', 'groceries', 'medicine', 'inspection', 'repair', 'gate_duty', 'crowd_guidance', 'other'];

function hhmm(iso) {
  return iso ? iso.slice(5, 16).replace('T', ' ') : '';
}

// Phones revealed on this screen (resident id → the unmasked record): kept
// across the 15 s refreshes so a number once shown stays shown.
const revealed = new Map();

// Where a household task sends the worker: the floor, the address line
// with a 导航 link (a map search for it), and the household's head with
// 查看完整信息 for the phone. All of it comes with the task (task.home):
// the list needs no request per household.
function householdLines(h) {
  const bld = /号$/.test(h.building) ? h.building : `${h.building}号`;
  const addr = `${h.compound} ${bld} ${h.unit ? h.unit + '-' : ''}${h.room}`;
  const floor = h.floor || (/^\d{3,4}$/.test(h.room) ? Math.floor(Number(h.room) / 100) : null);
  const nav = el('a', { class: 'nav', target: '_blank', rel: 'noopener',
    href: `https://uri.amap.com/search?keyword=${encodeURIComponent('上海市 ' + h.compound + ' ' + h.building + '号')}`, text: t('task.nav') });
  // Lift or walk-up (步梯): the building's, when the committee has said.
  const lift = h.lift === true || h.lift === false
    ? el('strong', { class: `lift ${h.lift ? 'has-lift' : 'walk-up'}`, text: `${t(h.lift ? 'task.lift' : 'task.walkup')} · ` }) : null;
  const where = el('div', { class: 'where hh-address' },
    floor ? el('strong', { class: 'floor', text: `${t('task.floor', String(floor))} · ` }) : null, lift, addr, ' · ', nav);
  const people = el('div', { class: 'hh-people' });
  (h.head ? [h.head] : []).forEach((r) => {
    const full = revealed.get(r.id);
    const line = el('div', { class: 'row hh-person', 'data-resident': String(r.id) },
      el('span', { class: 'name', text: full ? full.name : r.name }));
    if (full) {
      if (full.phone) line.append(phoneLink(full.phone));
    } else {
      const b = revealButton(`/api/v1/residents/${r.id}`, (x) => {
        revealed.set(r.id, x);
        // Every card of this household on the screen shows it.
        document.querySelectorAll(`.hh-person[data-resident="${r.id}"]`).forEach((p) => {
          p.querySelector('.name').textContent = x.name;
          if (p !== line) p.querySelectorAll('.reveal').forEach((n) => n.remove());
          if (x.phone && !p.querySelector('a.tel')) p.append(phoneLink(x.phone));
        });
      });
      if (b) line.append(b);
    }
    people.append(line);
  });
  return [where, people];
}

function taskItem(task, onChange, household) {
  const li = el('li', { class: `task state-${task.state}${task.overdue ? ' is-overdue' : ''}${task.urgent ? ' is-urgent' : ''}`,
    'data-task': task.id, 'data-kind': task.kind });
  const badges = el('span', {});
  if (task.urgent) badges.append(el('span', { class: 'badge red', text: t('task.urgent') }));
  if (task.overdue) badges.append(el('span', { class: 'badge overdue', text: t(`task.esc.${task.escalation}`) }));
  li.append(
    el('div', { class: 'row' }, el('strong', { text: t(`task.kind.${task.kind}`) }), badges,
      el('span', { class: 'spacer' }), el('span', { class: 'muted', text: `${t('task.due')} ${hhmm(task.deadline)}` })),
    ...(household ? householdLines(household) : [el('div', { class: 'where', text: task.where || '' })]),
    el('div', { class: 'muted', text: task.title }));
  const actions = el('div', { class: 'row actions' });
  const act = async (verb) => {
    actions.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    try {
      await post(`/api/v1/tasks/${task.id}/${verb}`);
      toast(t(`task.${verb}.ok`));
      await onChange();
    } catch (e) {
      toast(e instanceof ApiError ? e.message : t('err.network'));
      actions.querySelectorAll('button').forEach((b) => { b.disabled = false; });
    }
  };
  if (task.state === 'open') {
    const b = el('button', { type: 'button', class: 'big accept', text: t('task.accept') });
    b.addEventListener('click', () => act('accept'));
    actions.append(b);
  }
  if (task.state === 'open' || task.state === 'accepted') {
    const b = el('button', { type: 'button', class: 'big primary done', text: t('task.done') });
    b.addEventListener('click', () => act('done'));
    actions.append(b);
  } else {
    actions.append(el('span', { class: 'muted', text: t(`task.state.${task.state}`) }));
  }
  li.append(actions);
  return li;
}

export async function renderTasks(main, user) {
  // A deployed helper (issue 14) works like a grid worker: its own tasks.
  const own = user.role === 'grid_worker' || user.role === 'helper';
  const mine = own || user.role === 'property';
  // The kind filter (built once: it keeps its choice across refreshes).
  const filter = el('select', { id: 'task-kind-filter', 'aria-label': t('task.kind') },
    el('option', { value: '', text: t('task.kind.all') }),
    ...KIND_CODES.map((k) => el('option', { value: k, text: t(`task.kind.${k}`) })));
  filter.addEventListener('change', () => { draw().catch(() => {}); });
  const draws = newest(); // an older draw that finishes late is dropped
  async function draw() {
    const mySeq = draws.take();
    const q = (own ? `assignee=${encodeURIComponent(user.name)}&` : '') +
      (filter.value ? `kind=${filter.value}&` : '');
    const r = await get(`/api/v1/tasks?${q}state=active&limit=200`);
    const items = r.items.slice().sort((a, b) => (a.deadline < b.deadline ? -1 : 1));
    setCrumbs([{ label: t('task.mine') }]);
    const list = el('ul', { class: 'tasks', id: 'tasks' });
    if (!draws.still(mySeq)) return;
    // Household tasks carry their household (floor, address, head) and
    // are grouped by stairwell, so one climb serves them all.
    const stair = (x) => {
      const h = x.home;
      return h ? `${h.compound} ${/号$/.test(h.building) ? h.building : h.building + '号'}${h.unit ? ' ' + h.unit + '单元' : ''}` : '';
    };
    const groups = new Map();
    items.forEach((x) => { const k = stair(x); if (!groups.has(k)) groups.set(k, []); groups.get(k).push(x); });
    groups.forEach((xs, k) => {
      if (k && xs.length > 1) list.append(el('li', { class: 'stairwell', text: `${t('task.stairwell')}：${k}（${xs.length}）` }));
      xs.forEach((x) => list.append(taskItem(x, draw, x.home)));
    });
    main.replaceChildren(...(signBar ? [signBar] : []), el('div', { class: 'card taskscreen' },
      el('div', { class: 'row' }, el('h1', { text: mine ? t('task.mine') : t('task.all') }), el('span', { class: 'spacer' }),
        filter, el('span', { class: 'muted', text: `${items.length}` })),
      items.length ? list : el('p', { class: 'muted', id: 'no-tasks', text: t('task.none') })), ...(newForm ? [newForm] : []));
  }
  // The committee's screen creates and assigns tasks too (built once: a
  // refresh keeps what is being typed).
  const newForm = !mine && user.permissions && user.permissions.includes('tasks')
    ? await (await import('./task_new.js')).taskForm(() => draw()) : null;
  // Built once and kept across draws: what is typed in it never holds the
  // list back (poll.js skips [data-keep]).
  if (newForm) newForm.dataset.keep = '';
  // A deployed helper signs in and out at its post here (built once).
  const signBar = user.role === 'helper'
    ? el('div', { class: 'card row', id: 'sign-bar' }, ...(await import('./sign_buttons.js')).signButtons('/api/v1/sign', {}, false))
    : null;
  // A refresh never takes away what the user is doing (poll.js): a
  // reason being typed, a phone just revealed, a field with the focus.
  await draw();
  return poll(main, REFRESH_MS, draw);
}

export async function renderBoard(main, code) {
  const unit = code || scopeCode();
  const r = await get(`/api/v1/tasks?unit=${encodeURIComponent(unit)}&board=1&limit=500`);
  setCrumbs([{ label: t('board.title') }]);
  const table = el('table', { id: 'board' }, el('thead', {}, el('tr', {},
    el('th', { text: t('task.kind') }), el('th', { text: t('task.where') }), el('th', { text: t('task.due') }),
    el('th', { text: t('task.assignee') }), el('th', { text: t('task.escalation') }))));
  const body = el('tbody');
  r.items.forEach((x) => body.append(el('tr', { 'data-task': x.id, class: `esc-${x.escalation}` },
    el('td', { text: t(`task.kind.${x.kind}`) }), el('td', { text: x.where || x.title }),
    el('td', { text: hhmm(x.deadline) }), el('td', { text: x.assignee || t('task.nobody') }),
    el('td', {}, el('span', { class: 'badge overdue', text: t(`task.esc.${x.escalation}`) })))));
  table.append(body);
  main.replaceChildren(el('div', { class: 'card' },
    el('div', { class: 'row' }, el('h1', { text: t('board.title') }), el('span', { class: 'spacer' }),
      el('span', { class: 'muted', text: `${r.items.length}` })),
    el('p', { class: 'muted', text: t('board.hint') }),
    r.items.length ? table : el('p', { class: 'muted', text: t('board.empty') })));
  return null;
}

// The dashboard's card: people in quarantine, ending today, check-ins
// missed; tasks open, overdue, and on this level's board.
export function tasksCard(d) {
  if (!d.quarantine || !d.tasks) return null;
  const q = d.quarantine;
  const k = d.tasks;
  const tile = (cls, key, n, label) => el('div', { class: `tile ${cls}`, 'data-k': key },
    el('div', { class: 'n', text: fmtNumber(n) }), el('div', { class: 'l', text: label }));
  return el('div', { class: 'card', id: 'tasks-card' },
    el('div', { class: 'row' }, el('h2', { text: t('task.card') }), el('span', { class: 'spacer' }),
      el('a', { href: `#/board/${d.code}`, text: t('board.title') })),
    el('div', { class: 'tiles cp-tiles' },
      tile('bg-orange', 'quarantine', q.active, t('q.active')),
      tile('bg-green', 'ending', q.ending_today, t('q.ending')),
      tile('bg-red', 'missed', q.missed, t('q.missed')),
      tile('total', 'open', k.open, t('task.open')),
      tile('bg-yellow', 'overdue', k.overdue, t('task.overdue')),
      tile('bg-purple', 'board', k.board, t('task.board'))));
}
