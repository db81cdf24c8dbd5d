// Supplies (issue 15), the staff screens. #/supplies: the pickup counter
// where staff at a pharmacy or the committee office type or scan a
// household's pickup code and hand the goods out (a second time, after the
// pickup window, outside the point's hours or past its daily boxes: a clear
// refusal), the list of campaigns with their live counts, and the form that
// opens a campaign. #/supplies/ID: one campaign live (refreshed every 15 s):
// booked / to collect / collected / delivered / lapsed by campaign, point
// and unit, each point's list for the pharmacy (.xlsx), and the draw — the
// button, then its seed and method shown so anyone can re-check it.
import { t, fmtNumber } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { setCrumbs, committeeCode } from './app.js';
import { el } from './dom.js';

const REFRESH_MS = 15000;
const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple'];

function errText(e) {
  return e instanceof ApiError ? e.message : t('err.network');
}

function counter(key, n) {
  return el('div', { class: 'counter', 'data-count': key },
    el('div', { class: 'big-number', text: fmtNumber(n) }), el('div', { class: 'muted', text: t(key) }));
}

function table(id, heads, rows) {
  return el('table', { class: 'list', id },
    el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { text: t(h) })))),
    el('tbody', {}, ...rows));
}

function countCells(k) {
  return [k.booked, k.allocated, k.picked_up, k.delivered].map((n) => el('td', { class: 'num', text: fmtNumber(n) }));
}

function unitLabel(code) {
  return code.length === 15 ? `${t('sup.grid')} ${code.slice(12)}` : `${t('sup.committee')} ${code}`;
}

// The draw: the button before it is run (after the booking window), the
// seed and method after, with how to re-check it.
function drawSection(c, redraw) {
  if (c.allocation !== 'draw') return null;
  if (c.drawn) {
    return el('section', { id: 'sup-draw', class: 'card' },
      el('h2', { text: t('sup.draw.done') }),
      el('p', {}, el('span', { text: `${t('sup.draw.seed')}: ` }), el('code', { id: 'sup-seed', text: c.seed })),
      el('p', {}, el('span', { text: `${t('sup.draw.method')}: ` }), el('code', { id: 'sup-method', text: c.method })),
      el('p', { class: 'muted', text: t('sup.draw.check') }));
  }
  const seed = el('input', { id: 'sup-draw-seed', inputmode: 'numeric', placeholder: t('sup.draw.random') });
  const msg = el('div', { id: 'sup-draw-msg', 'aria-live': 'polite' });
  const form = el('form', { id: 'sup-draw', class: 'card' },
    el('h2', { text: t('sup.draw') }),
    el('p', { class: 'muted', text: t('sup.draw.when') }),
    el('label', { class: 'field' }, el('span', { text: t('sup.draw.seed') }), seed),
    el('button', { class: 'primary', type: 'submit', text: t('sup.draw.run') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const body = seed.value.trim() ? { seed: seed.value.trim() } : {};
      await post(`/api/v1/campaigns/${c.id}/draw`, body);
      await redraw();
    } catch (e) {
      msg.className = 'result error';
      msg.textContent = errText(e);
    }
  });
  return form;
}

function campaignPanel(c, redraw) {
  const k = c.counts;
  const cells = [['sup.booked', k.booked], ['sup.allocated', k.allocated], ['sup.picked', k.picked_up],
    ['sup.delivery', k.delivery], ['sup.delivered', k.delivered], ['sup.lapsed', k.lapsed],
    ['sup.not_drawn', k.not_drawn], ['sup.remaining', c.remaining]];
  const list = (p) => `/api/v1/campaigns/${c.id}/list.xlsx${p ? `?point=${p}` : ''}`;
  const points = c.points.map((p) => el('tr', { 'data-point': p.id },
    el('td', { text: p.name }),
    el('td', { class: 'num', text: `${fmtNumber(p.picked_up)} / ${fmtNumber(p.allocated)} / ${fmtNumber(p.stock)}` }),
    el('td', { text: `${p.hours} · ${p.days.map((d) => t(`sup.day${d}`)).join('')}` }),
    el('td', { class: 'num', text: p.daily ? fmtNumber(p.daily) : '—' }),
    el('td', {}, el('a', { href: list(p.id), download: '', text: t('sup.export') }))));
  const units = c.units.map((u) => el('tr', { 'data-unit': u.unit },
    el('td', { text: unitLabel(u.unit) }), ...countCells(u)));
  const rules = [`${t(`sup.alloc.${c.allocation}`)}`,
    c.pickup_days ? t('sup.pickup_days_n').replace('{n}', c.pickup_days) : t('sup.pickup_days_none'),
    c.colours ? `${t('sup.colours')}: ${c.colours.map((x) => t(`colour.${x}`)).join('、')}` : ''];
  return el('section', { id: 'sup-campaign', 'data-campaign': c.id },
    el('h2', { text: `${c.item} ${c.per_household}${c.measure} · ${c.opens} → ${c.closes}` }),
    el('p', { class: 'muted', text: rules.filter(Boolean).join(' · ') }),
    el('div', { class: 'row counters' }, ...cells.map(([key, n]) => counter(key, n))),
    drawSection(c, redraw),
    el('h3', { text: t('sup.points') }),
    table('sup-points', ['sup.point', 'sup.point.counts', 'sup.point.hours', 'sup.point.daily', 'sup.list'], points),
    el('p', {}, el('a', { href: list(0), download: '', id: 'sup-export-all', text: t('sup.export.all') })),
    el('h3', { text: t('sup.units') }),
    table('sup-units', ['sup.unit', 'sup.booked', 'sup.allocated', 'sup.picked', 'sup.delivered'], units));
}

function listTable(items) {
  const rows = items.map((c) => el('tr', { 'data-campaign': c.id },
    el('td', {}, el('a', { href: `#/supplies/${c.id}`, text: `${c.item} ${c.per_household}${c.measure}` })),
    el('td', { text: `${c.opens} → ${c.closes}` }),
    el('td', { text: t(`sup.alloc.${c.allocation}`) + (c.drawn ? ` · ${t('sup.draw.done')}` : '') }),
    ...countCells(c.counts),
    el('td', { class: 'num', text: fmtNumber(c.remaining) })));
  return table('sup-list', ['sup.item', 'sup.window', 'sup.allocation', 'sup.booked', 'sup.allocated',
    'sup.picked', 'sup.delivered', 'sup.remaining'], rows);
}

function field(key, input) {
  return el('label', { class: 'field' }, el('span', { text: t(key) }), input);
}

function pointRow() {
  return el('div', { class: 'row sup-point' },
    el('input', { name: 'p-name', placeholder: t('sup.point') }),
    el('input', { name: 'p-stock', type: 'number', min: '1', placeholder: t('sup.stock') }),
    el('input', { name: 'p-daily', type: 'number', min: '0', placeholder: t('sup.point.daily') }),
    el('input', { name: 'p-hours', placeholder: '08:00-20:00' }));
}

// The form that opens a campaign; posts it and opens its page.
function newCampaignForm() {
  const today = new Date().toISOString().slice(0, 10);
  const f = {
    item: el('input', { name: 'item', value: '口罩', required: '' }),
    measure: el('input', { name: 'measure', value: '盒' }),
    unit: el('input', { name: 'unit', value: committeeCode(), inputmode: 'numeric' }),
    per: el('input', { name: 'per_household', type: 'number', min: '1', value: '1' }),
    stock: el('input', { name: 'stock', type: 'number', min: '1', required: '' }),
    opens: el('input', { name: 'opens', type: 'date', value: today }),
    closes: el('input', { name: 'closes', type: 'date', value: today }),
    allocation: el('select', { name: 'allocation' },
      el('option', { value: 'first_come', text: t('sup.alloc.first_come') }),
      el('option', { value: 'draw', text: t('sup.alloc.draw') })),
    days: el('input', { name: 'pickup_days', type: 'number', min: '0', value: '0' }),
    colourRule: el('select', { name: 'colour_rule' },
      el('option', { value: '', text: t('sup.colours.any') }),
      el('option', { value: 'colours', text: t('sup.colours.only') }),
      el('option', { value: 'exclude_colours', text: t('sup.colours.except') })),
  };
  const colourBoxes = COLOURS.map((c) => el('label', { class: 'check' },
    el('input', { type: 'checkbox', name: 'colour', value: c }), el('span', { text: t(`colour.${c}`) })));
  const points = el('div', { id: 'sup-new-points' }, pointRow());
  const more = el('button', { type: 'button', text: t('sup.point.add') });
  more.addEventListener('click', () => points.append(pointRow()));
  const msg = el('div', { id: 'sup-new-msg', 'aria-live': 'polite' });
  const form = el('form', { id: 'sup-new', class: 'card', hidden: '' },
    el('h2', { text: t('sup.new') }),
    el('div', { class: 'row' }, field('sup.item', f.item), field('sup.measure', f.measure),
      field('sup.per', f.per), field('sup.stock', f.stock)),
    el('div', { class: 'row' }, field('sup.unit', f.unit), field('sup.opens', f.opens),
      field('sup.closes', f.closes), field('sup.allocation', f.allocation), field('sup.pickup_days', f.days)),
    el('div', { class: 'row' }, field('sup.colours', f.colourRule), ...colourBoxes),
    el('h3', { text: t('sup.points') }), points, more,
    el('div', { class: 'row' }, el('button', { class: 'primary', type: 'submit', text: t('sup.create') })), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { item: f.item.value.trim(), measure: f.measure.value.trim(), unit: f.unit.value.trim(),
      per_household: Number(f.per.value), stock: Number(f.stock.value), opens: f.opens.value,
      closes: f.closes.value, allocation: f.allocation.value, pickup_days: Number(f.days.value || 0) };
    const picked = colourBoxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    if (f.colourRule.value && picked.length) body[f.colourRule.value] = picked;
    body.points = [...points.querySelectorAll('.sup-point')].map((r) => {
      const v = (n) => r.querySelector(`[name=${n}]`).value.trim();
      const p = { name: v('p-name'), stock: Number(v('p-stock')) };
      if (v('p-daily')) p.daily = Number(v('p-daily'));
      if (v('p-hours')) p.hours = v('p-hours');
      return p;
    }).filter((p) => p.name);
    try {
      const c = await post('/api/v1/campaigns', body);
      location.hash = `#/supplies/${c.id}`;
    } catch (e) {
      msg.className = 'result error';
      msg.textContent = errText(e) + (e instanceof ApiError && e.field ? ` (${e.field})` : '');
    }
  });
  return form;
}

function pickupForm(onPicked) {
  const code = el('input', { id: 'sup-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters',
    inputmode: 'text', maxlength: '16', placeholder: 'ABCD2345' });
  const result = el('div', { id: 'sup-result', 'aria-live': 'assertive' });
  const form = el('form', { id: 'sup-pickup', class: 'card' },
    el('h1', { text: t('sup.pickup') }),
    el('label', { class: 'field' }, el('span', { text: t('sup.code') }), code),
    el('button', { class: 'primary big', type: 'submit', text: t('sup.confirm') }), result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await post('/api/v1/pickups', { code: code.value.trim() });
      result.className = 'result ok';
      result.replaceChildren(el('strong', { text: `${t('sup.done')}: ${r.item} × ${r.quantity}` }),
        el('span', { text: ` · ${r.code}${r.delivery ? ` · ${t('sup.delivery')}` : ''}` }));
      code.value = '';
      await onPicked(r.campaign);
    } catch (e) {
      result.className = 'result error';
      result.textContent = errText(e);
    }
    code.focus();
  });
  return { form, code };
}

export async function renderSupplies(main, arg) {
  setCrumbs(arg ? [{ label: t('sup.title'), href: '#/supplies' }, { label: `#${arg}` }] : [{ label: t('sup.title') }]);
  const panel = el('div', { id: 'sup-panel' });
  let shown = arg || '';
  let timer = null;
  async function showCampaign(id) {
    if (!id) return;
    shown = id;
    try {
      const c = await get(`/api/v1/campaigns/${encodeURIComponent(id)}`);
      panel.replaceChildren(campaignPanel(c, () => showCampaign(id)));
    } catch (e) {
      panel.replaceChildren(el('p', { class: 'error', text: errText(e) }));
    }
  }
  const { form, code } = pickupForm(showCampaign);
  const listBox = el('div', { id: 'sup-list-box' });
  async function showList() {
    try {
      const page = await get('/api/v1/campaigns?limit=50');
      listBox.replaceChildren(el('h2', { text: t('sup.list.title') }),
        page.items.length ? listTable(page.items) : el('p', { class: 'muted', text: t('sup.list.none') }));
    } catch (e) {
      listBox.replaceChildren(el('p', { class: 'error', text: errText(e) }));
    }
  }
  const newForm = newCampaignForm();
  const open = el('button', { type: 'button', id: 'sup-new-open', text: t('sup.new') });
  open.addEventListener('click', () => { newForm.hidden = !newForm.hidden; });
  const session = await get('/api/v1/session').catch(() => ({}));
  open.hidden = !((session.user && session.user.permissions) || []).includes('grids');
  main.replaceChildren(form, panel, arg ? el('span') : el('div', { class: 'card' }, open, newForm, listBox));
  code.focus();
  if (arg) await showCampaign(arg); else await showList();
  // Live: refreshed while on the page, not while someone types in it.
  timer = setInterval(() => {
    if (main.contains(document.activeElement) && document.activeElement !== code) return;
    if (arg) showCampaign(shown); else showList();
  }, REFRESH_MS);
  return () => clearInterval(timer);
}
