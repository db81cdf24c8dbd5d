// 网格与场所 (#/places), a committee's screen for what only the API did
// before: its grids (add one; name the responsible person of each), which
// compound each grid holds (draw a compound, or one of its buildings, into
// a grid), and the places of the area (markets, shops, garages, exits...)
// with a form to register one. Every answer of the server shows as it
// comes, in the user's language.
import { t } from './i18n.js';
import { get, post, api, ApiError } from './api.js';
import { setCrumbs, scopeCode, toast } from './app.js';
import { el } from './dom.js';

const PLACE_KINDS = ['market', 'shop', 'office', 'park', 'garage', 'corridor', 'passage', 'station_exit', 'other'];

const fail = (e) => toast(e instanceof ApiError ? e.message : t('err.network'));

// Runs fn (a server call) and redraws on success; shows the error otherwise.
function action(fn, redraw, done) {
  return async (ev) => {
    if (ev) ev.preventDefault();
    try { await fn(); toast(t(done)); await redraw(); } catch (e) { fail(e); }
  };
}

async function gridsCard(committee, grids, redraw) {
  const rows = await Promise.all(grids.map(async (g) => {
    const who = await get(`/api/v1/units/${g.code}/responsible`).catch(() => ({ account: null }));
    const acct = el('input', { class: 'gp-account', value: who.account || '', placeholder: t('pg.account') });
    const form = el('form', { class: 'row' }, acct, el('button', { type: 'submit', text: t('pg.assign') }));
    form.addEventListener('submit', action(() => api('PUT', `/api/v1/units/${g.code}/responsible`,
      { account: acct.value.trim() || null }), redraw, 'pg.assigned'));
    return el('tr', { 'data-grid': g.code }, el('td', { text: g.name }), el('td', { class: 'muted', text: g.code }), el('td', {}, form));
  }));
  const name = el('input', { name: 'grid-name', placeholder: t('pg.gridname') });
  const add = el('form', { class: 'row', id: 'grid-new' }, name, el('button', { class: 'primary', type: 'submit', text: t('pg.addgrid') }));
  add.addEventListener('submit', action(() => post(`/api/v1/units/${committee}/grids`, { name: name.value.trim() }), redraw, 'pg.added'));
  return el('div', { class: 'card' }, el('h2', { text: t('pg.grids') }),
    el('table', { id: 'grids' }, el('thead', {}, el('tr', {}, el('th', { text: t('pg.grid') }), el('th', { text: t('pg.code') }), el('th', { text: t('pg.responsible') }))),
      el('tbody', {}, ...rows)), add);
}

function gridSelect(grids, cls) {
  return el('select', { class: cls }, ...grids.map((g) => el('option', { value: g.code, text: g.name })));
}

function compoundsCard(compounds, grids, redraw) {
  const rows = compounds.map((c) => {
    const sel = gridSelect(grids, 'cg-grid');
    const building = el('input', { class: 'cg-building', size: '6', placeholder: t('pg.building') });
    const form = el('form', { class: 'row' }, sel, building, el('button', { type: 'submit', text: t('pg.draw') }));
    form.addEventListener('submit', action(async () => {
      const body = { grid: sel.value };
      if (building.value.trim()) body.building = Number(building.value.trim());
      return post(`/api/v1/compounds/${c.id}/grid`, body);
    }, redraw, 'pg.drawn'));
    return el('tr', { 'data-compound': String(c.id) }, el('td', { text: c.name }), el('td', {}, form));
  });
  return el('div', { class: 'card' }, el('h2', { text: t('pg.compounds') }), el('p', { class: 'muted', text: t('pg.compounds.hint') }),
    el('table', { id: 'compound-grids' }, el('tbody', {}, ...rows)));
}

function placesCard(places, grids, redraw) {
  const kind = el('select', { name: 'kind' }, ...PLACE_KINDS.map((k) => el('option', { value: k, text: t('pk.' + k) })));
  const name = el('input', { name: 'place-name', placeholder: t('pg.placename') });
  const grid = gridSelect(grids, 'place-grid');
  const form = el('form', { class: 'row', id: 'place-new' }, kind, name, grid, el('button', { class: 'primary', type: 'submit', text: t('pg.addplace') }));
  form.addEventListener('submit', action(() => post('/api/v1/places', { kind: kind.value, name: name.value.trim(), grid: grid.value }), redraw, 'pg.added'));
  const gname = (code) => (grids.find((g) => g.code === code) || { name: code }).name;
  return el('div', { class: 'card' }, el('h2', { text: t('pg.places') }),
    el('table', { id: 'places' }, el('tbody', {}, ...places.map((p) => el('tr', { 'data-place': String(p.id) },
      el('td', { text: p.name }), el('td', { text: t('pk.' + p.kind) }), el('td', { text: gname(p.grid) }), el('td', { class: 'muted', text: p.responsible || '' }))))),
    form);
}

export async function renderPlaces(main) {
  const committee = scopeCode().slice(0, 12);
  async function draw() {
    const [unit, compounds, places] = await Promise.all([get(`/api/v1/units/${committee}`),
      get(`/api/v1/compounds?unit=${committee}&limit=500`), get(`/api/v1/places?unit=${committee}&limit=500`)]);
    setCrumbs([{ label: t('nav.places') }]);
    const grids = unit.children || [];
    main.replaceChildren(await gridsCard(committee, grids, draw), compoundsCard(compounds.items, grids, draw), placesCard(places.items, grids, draw));
    // Counts the redraws, so that a test (or a script) can wait for the
    // screen that follows an action instead of racing it.
    main.dataset.drawn = String(Number(main.dataset.drawn || 0) + 1);
  }
  await draw();
  return null;
}
