// The shell: who is logged in, the language switch, the breadcrumb, and a
// small hash router (#/, #/unit/CODE, #/compound/ID, #/residents, #/import,
// #/tasks, #/board/CODE, #/quarantine).
import { t, setLang, getLang, applyStatic } from './i18n.js';
import { get, post, del, setCsrf, whenUnauthorized, ApiError, setViewSignal, isAbort } from './api.js';
import { renderLogin } from './login.js';
import { renderDashboard } from './dashboard.js';
import { el } from './dom.js';

const state = { user: JSON.parse(sessionStorage.getItem('cordon.user') || 'null'), stop: null, view: null };
const main = document.getElementById('main');

export function toast(msg) {
  const el = document.getElementById('toast');
  el.textContent = msg;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 3500);
}

export function setCrumbs(items) {
  const nav = document.getElementById('crumbs');
  nav.replaceChildren(...items.map((it, i) => {
    if (i === items.length - 1 || !it.href) {
      const s = document.createElement('span');
      s.textContent = it.label;
      return s;
    }
    const a = document.createElement('a');
    a.href = it.href;
    a.textContent = it.label;
    return a;
  }));
}

// The unit code of the logged-in account's jurisdiction.
export function scopeCode() {
  const u = state.user || {};
  // A grid worker's jurisdiction is the grid, not the whole committee.
  return String(u.grid || u.unit || '3101');
}

// The committee of the logged-in account (a grid worker's too).
export function committeeCode() {
  const u = state.user || {};
  return String(u.unit || '3101');
}

function can(perm) {
  return ((state.user && state.user.permissions) || []).includes(perm);
}

function showUser() {
  const who = document.getElementById('who');
  const out = document.getElementById('logout');
  const tabs = document.getElementById('tabs');
  if (state.user) {
    who.textContent = `${state.user.name || state.user.username || ''} · ${state.user.unit_name || scopeCode()}`;
    out.hidden = false;
    tabs.hidden = false;
    tabs.querySelectorAll('[data-perm]').forEach((a) => { a.hidden = !can(a.dataset.perm); });
  } else {
    who.textContent = '';
    out.hidden = true;
    tabs.hidden = true;
  }
}

export function loggedIn(session) {
  setCsrf(session.csrf);
  state.user = session.user || {};
  sessionStorage.setItem('cordon.user', JSON.stringify(state.user));
  showUser();
  route();
}

function loggedOut(reason) {
  setCsrf('');
  state.user = null;
  sessionStorage.removeItem('cordon.user');
  showUser();
  leaveView();
  setCrumbs([]);
  renderLogin(main, { reason, onDone: loggedIn });
}

whenUnauthorized(() => { if (state.user) loggedOut('expired'); });

// Each view owns its timers and requests: leaving it aborts its
// controller (cancelling requests in flight) and runs its stop function.
function leaveView() {
  if (state.view) state.view.abort();
  state.view = null;
  setViewSignal(null);
  if (state.stop) { state.stop(); state.stop = null; }
}

// Where each role's work is: the dashboard for those who read counts, the
// task list for a grid worker and a property company, the screening form
// for a checkpoint, and a page saying what the account is for otherwise.
export function landing() {
  const role = (state.user && state.user.role) || '';
  if (role === 'grid_worker' || (!can('counts') && can('tasks'))) return 'tasks';
  if (can('counts')) return 'dashboard';
  if (can('screen')) return 'screening';
  if (can('staff_sent')) return 'staff';
  if (can('own_enterprise') || can('assigned')) return 'enterprises';
  return 'home';
}

function renderHome(view) {
  const u = state.user || {};
  setCrumbs([{ label: t('home.title') }]);
  const role = t(`role.${u.role}`);
  view.replaceChildren(el('div', { class: 'card', id: 'home' },
    el('h1', { style: 'font-size:1.3em;margin:.2em 0', text: `${u.name || ''}` }),
    el('p', { text: `${t('home.role')}: ${role === `role.${u.role}` ? u.role : role} · ${u.unit_name || ''}` }),
    el('p', { class: 'muted', text: t('home.nothing') })));
}

// Draws the screen the address names. The screen already drawn is not
// drawn again (`again` forces it: another language): a tap on the tab of
// the screen one is on, or the landing screen's own tab (the address ''
// and '#/tasks' name the same screen), would otherwise throw away what the
// user had open on it, a reason half typed in a reveal form.
async function route(again) {
  const hash = location.hash.replace(/^#\/?/, '');
  let [page, arg, arg2] = hash.split('/');
  if (state.user && !page) page = landing();
  const key = [page, arg || '', arg2 || ''].join('/');
  if (again !== true && state.user && state.view && state.drawn === key) return;
  leaveView();
  state.drawn = key;
  if (!state.user) { loggedOut(); return; }
  document.querySelectorAll('#tabs a').forEach((a) => {
    a.classList.toggle('on', a.dataset.tab === page || (page === 'unit' && a.dataset.tab === 'dashboard'));
  });
  const view = new AbortController();
  state.view = view;
  setViewSignal(view.signal);
  try {
    let stop = null;
    if (page === 'home') {
      renderHome(main);
    } else if (page === 'dashboard' || page === 'unit') {
      stop = await renderDashboard(main, arg || scopeCode(), view.signal);
    } else if (page === 'compound') {
      const m = await import('./compound.js');
      stop = await m.renderCompound(main, arg, { household: arg2 });
    } else if (page === 'residents') {
      const m = await import('./residents.js');
      stop = await m.renderResidents(main);
    } else if (page === 'screening') {
      const m = await import('./screening.js');
      stop = await m.renderScreening(main, state.user);
    } else if (page === 'inbox') {
      const m = await import('./inbox.js');
      stop = await m.renderInbox(main, state.user, arg);
    } else if (page === 'tasks') {
      const m = await import('./tasks.js');
      stop = await m.renderTasks(main, state.user);
    } else if (page === 'board') {
      const m = await import('./tasks.js');
      stop = await m.renderBoard(main, arg);
    } else if (page === 'quarantine') {
      const m = await import('./quarantine.js');
      stop = await m.renderQuarantine(main);
    } else if (page === 'supplies') {
      const m = await import('./supplies.js');
      stop = await m.renderSupplies(main, arg);
    } else if (page === 'staff') {
      const m = await import('./staff.js');
      stop = await m.renderStaff(main, state.user, arg, arg2);
    } else if (page === 'enterprises') {
      const m = await import('./enterprises.js');
      stop = await m.renderEnterprises(main, state.user);
    } else if (page === 'import') {
      const m = await import('./importer.js');
      stop = await m.renderImport(main);
    } else if (page === 'places') { // grids, their people and compounds, places
      const m = await import('./places.js');
      stop = await m.renderPlaces(main);
    } else {
      location.hash = '#/';
    }
    // The user left while this view was loading: it never takes the page.
    if (view.signal.aborted) { if (stop) stop(); return; }
    state.stop = stop;
  } catch (e) {
    if (view.signal.aborted || isAbort(e)) return;
    state.drawn = null; // a tap on the tab tries again
    const p = document.createElement('p');
    p.className = 'error';
    // The server's message is in the user's language; a fault of the page
    // itself (a TypeError…) is not for the user to read: the console has it.
    if (!(e instanceof ApiError)) console.error(e);
    p.textContent = e instanceof ApiError && e.status === 404 ? t('err.notfound')
      : e instanceof ApiError ? `${t('err.generic')}: ${e.message}` : t('err.generic');
    setCrumbs([]);
    main.replaceChildren(p);
  }
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(getLang() === 'zh' ? 'en' : 'zh');
  document.getElementById('lang').textContent = getLang() === 'zh' ? 'EN' : '中文';
  route(true);
});
document.getElementById('logout').addEventListener('click', async () => {
  try { await del('/api/v1/session'); } catch (e) { /* already gone */ }
  loggedOut();
});
window.addEventListener('hashchange', route);

setLang(getLang());
document.getElementById('lang').textContent = getLang() === 'zh' ? 'EN' : '中文';
applyStatic();
showUser();
route();

export { get, post };
