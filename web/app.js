// The shell: who is logged in, the language switch, the breadcrumb, and a
// small hash router (#/, #/unit/CODE, #/compound/ID, #/residents, #/import,
// #/tasks, #/board/CODE, #/quarantine).
import { t, setLang, getLang, applyStatic } from './i18n.js';
import { get, post, del, setCsrf, whenUnauthorized, ApiError } from './api.js';
import { renderLogin } from './login.js';
import { renderDashboard } from './dashboard.js';

const state = { user: JSON.parse(sessionStorage.getItem('cordon.user') || 'null'), stop: null };
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
  if (state.stop) { state.stop(); state.stop = null; }
  setCrumbs([]);
  renderLogin(main, { reason, onDone: loggedIn });
}

whenUnauthorized(() => { if (state.user) loggedOut('expired'); });

async function route() {
  if (state.stop) { state.stop(); state.stop = null; }
  if (!state.user) { loggedOut(); return; }
  const hash = location.hash.replace(/^#\/?/, '');
  const [page, arg] = hash.split('/');
  document.querySelectorAll('#tabs a').forEach((a) => {
    a.classList.toggle('on', a.dataset.tab === (page || 'dashboard') || (page === 'unit' && a.dataset.tab === 'dashboard'));
  });
  try {
    // Checkpoint accounts see no dashboard: their page is the screening form.
    if (!page && !can('counts') && can('screen')) {
      location.hash = '#/screening';
      return;
    }
    if (!page && !can('counts') && (can('own_enterprise') || can('assigned'))) {
      location.hash = '#/enterprises';
      return;
    }
    if (!page || page === 'unit') {
      state.stop = await renderDashboard(main, arg || scopeCode());
    } else if (page === 'compound') {
      const m = await import('./compound.js');
      state.stop = await m.renderCompound(main, arg);
    } else if (page === 'residents') {
      const m = await import('./residents.js');
      state.stop = await m.renderResidents(main);
    } else if (page === 'screening') {
      const m = await import('./screening.js');
      state.stop = await m.renderScreening(main, state.user);
    } else if (page === 'inbox') {
      const m = await import('./inbox.js');
      state.stop = await m.renderInbox(main, state.user, arg);
    } else if (page === 'tasks') {
      const m = await import('./tasks.js');
      state.stop = await m.renderTasks(main, state.user);
    } else if (page === 'board') {
      const m = await import('./tasks.js');
      state.stop = await m.renderBoard(main, arg);
    } else if (page === 'quarantine') {
      const m = await import('./quarantine.js');
      state.stop = await m.renderQuarantine(main);
    } else if (page === 'enterprises') {
      const m = await import('./enterprises.js');
      state.stop = await m.renderEnterprises(main, state.user);
    } else if (page === 'import') {
      const m = await import('./importer.js');
      state.stop = await m.renderImport(main);
    } else {
      location.hash = '#/';
    }
  } catch (e) {
    const p = document.createElement('p');
    p.className = 'error';
    p.textContent = e instanceof ApiError && e.status === 404 ? t('err.notfound') : `${t('err.generic')}: ${e.message}`;
    main.replaceChildren(p);
  }
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(getLang() === 'zh' ? 'en' : 'zh');
  document.getElementById('lang').textContent = getLang() === 'zh' ? 'EN' : '中文';
  route();
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
