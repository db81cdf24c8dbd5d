// The live dashboard of one unit: the six counts with today's change, the
// 30-day trend, the units below with a bar each (drill down), and for a
// committee its compounds (to the six-colour map). Refreshes every 5 s
// without reloading the page.
import { t, fmtNumber, applyStatic } from './i18n.js';
import { get } from './api.js';
import { setCrumbs } from './app.js';
import { COLOURS, HEX } from './colours.js';
import { el } from './dom.js';
import { checkpointCard } from './inbox.js';
import { tasksCard } from './tasks.js';
import { wallButton } from './wall_open.js';
import { staffingTile } from './staff_tile.js'; // staff sent down (issue 14)

const REFRESH_MS = 5000;


function bar(colours, total) {
  const b = el('div', { class: 'bar', role: 'img' });
  COLOURS.forEach((c) => {
    if (!total || !colours[c]) return;
    const s = el('span', { title: `${t('colour.' + c)} ${colours[c]}` });
    s.style.width = `${(100 * colours[c]) / total}%`;
    s.style.background = HEX[c];
    b.append(s);
  });
  b.setAttribute('aria-label', COLOURS.map((c) => `${t('colour.' + c)} ${colours[c] || 0}`).join(', '));
  return b;
}

function tiles(d) {
  const wrap = el('div', { class: 'tiles', id: 'tiles' });
  const y = d.yesterday ? d.yesterday.colours : null;
  wrap.append(el('div', { class: 'tile total', 'data-colour': 'total' },
    el('div', { class: 'n', text: fmtNumber(d.counts.total) }),
    el('div', { class: 'l', text: t('dash.total') })));
  COLOURS.forEach((c) => {
    const n = d.counts.colours[c];
    const delta = y ? n - y[c] : null;
    wrap.append(el('div', { class: `tile bg-${c}`, 'data-colour': c, title: t(`colour.${c}.hint`) },
      el('div', { class: 'n', text: fmtNumber(n) }),
      el('div', { class: 'l', text: t('colour.' + c) }),
      el('div', { class: 'm', text: t(`colour.${c}.hint`) }),
      el('div', { class: 'd', text: delta === null ? '' : `${t('dash.today')} ${delta > 0 ? '+' : ''}${delta}` })));
  });
  return wrap;
}

function trend(node, history) {
  if (!window.echarts || !history.length) return null;
  const chart = window.echarts.init(node, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    grid: { left: 48, right: 12, top: 28, bottom: 28 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: COLOURS.filter((c) => c !== 'green').map((c) => t('colour.' + c)) },
    xAxis: { type: 'category', data: history.map((h) => h.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: COLOURS.filter((c) => c !== 'green').map((c) => ({
      name: t('colour.' + c), type: 'line', stack: 'all', areaStyle: { opacity: 0.25 },
      symbol: 'none', itemStyle: { color: HEX[c] }, lineStyle: { color: HEX[c] },
      data: history.map((h) => h.colours[c]),
    })),
  });
  return chart;
}

function childrenTable(d) {
  const table = el('table', { id: 'children' });
  const head = el('tr', {}, el('th', { text: t('dash.unit') }), el('th', { class: 'num', text: t('dash.total') }),
    el('th', { text: '' }));
  COLOURS.forEach((c) => head.append(el('th', { class: 'num hide-s', text: t('colour.' + c) })));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  d.children.forEach((ch) => {
    // Residents in no grid have a row of their own, so the table adds up.
    const tr = el('tr', { 'data-code': ch.nogrid ? 'nogrid' : ch.code },
      el('td', {}, ch.nogrid ? el('span', { text: t('res.nogrid') }) : el('a', { href: `#/unit/${ch.code}`, text: ch.name })),
      el('td', { class: 'num', text: fmtNumber(ch.total) }),
      el('td', {}, bar(ch.colours, ch.total)));
    COLOURS.forEach((c) => tr.append(el('td', { class: `num hide-s c-${c}`, text: fmtNumber(ch.colours[c]) })));
    body.append(tr);
  });
  table.append(body);
  return table;
}

function compoundsList(d) {
  const table = el('table', { id: 'compounds' });
  table.append(el('thead', {}, el('tr', {},
    el('th', { text: t('dash.compounds') }), el('th', { class: 'num', text: t('dash.total') }), el('th', { text: '' }))));
  const body = el('tbody');
  d.compounds.forEach((c) => {
    body.append(el('tr', {},
      el('td', {}, el('a', { href: `#/compound/${c.id}`, text: c.name })),
      el('td', { class: 'num', text: fmtNumber(c.residents) }),
      el('td', {}, el('a', { href: `#/compound/${c.id}`, text: t('dash.map') }))));
  });
  table.append(body);
  return table;
}

// The view owns its timer and requests: `signal` (the view's, from app.js)
// cancels a refresh in flight when the user leaves, and nothing is drawn or
// scheduled once it is aborted, so the dashboard never takes another page.
export async function renderDashboard(main, code, signal = null) {
  let d = await get(`/api/v1/units/${encodeURIComponent(code)}/dashboard`, signal);
  let chart = null;
  let timer = null;
  const gone = () => signal && signal.aborted;

  function draw() {
    setCrumbs([...d.ancestors, { code: d.code, name: d.name }].map((u) => ({ label: u.name, href: `#/unit/${u.code}` })));
    const head = el('div', { class: 'row' },
      el('h1', { style: 'font-size:1.3em;margin:.2em 0', text: `${d.name}` }),
      el('span', { class: 'muted', text: t(`level.${d.level}`) }),
      el('span', { class: 'spacer' }),
      el('span', { class: 'muted', id: 'updated', text: `${t('dash.live')} · ${t('dash.updated')} ${new Date().toLocaleTimeString()}` }),
      el('a', { href: `/api/v1/residents/export.xlsx?unit=${d.code}`, id: 'export', text: t('dash.export') }));
    // A committee prints its whole wall chart in one click: every compound, one PDF.
    if (d.level === 4) {
      head.append(el('a', { href: `/api/v1/units/${d.code}/wallchart.pdf`, id: 'print-all', target: '_blank', text: t('dash.printall') }));
    }
    const wall = wallButton(d);
    if (wall) head.append(wall);
    const trendCard = el('div', { class: 'card' }, el('h2', { text: t('dash.trend') }), el('div', { id: 'trend' }));
    const parts = [head, el('div', { class: 'card' }, tiles(d)), trendCard];
    if (d.children.length) {
      parts.push(el('div', { class: 'card' },
        el('div', { class: 'row' }, el('h2', { text: t('dash.children') }), el('span', { class: 'spacer' }),
          el('a', { href: `/api/v1/units/${d.code}/counts.xlsx`, id: 'export-counts', text: t('dash.export') })),
        childrenTable(d)));
    }
    const cp = checkpointCard(d);
    if (cp) parts.splice(2, 0, cp);
    const tc = tasksCard(d);
    if (tc) parts.splice(2, 0, tc);
    // Staff sent down (issue 14): the staffing gaps of a street, district or city.
    if (d.level <= 3) parts.splice(2, 0, staffingTile(d.code));
    if (d.compounds && d.compounds.length) parts.push(el('div', { class: 'card' }, el('h2', { text: t('dash.compounds') }), compoundsList(d)));
    main.replaceChildren(...parts);
    applyStatic(main);
    if (chart) chart.dispose();
    chart = trend(main.querySelector('#trend'), d.history);
  }

  // Live refresh: numbers change in place, the page does not reload.
  async function refresh() {
    timer = null;
    if (gone()) return;
    try {
      const n = await get(`/api/v1/units/${encodeURIComponent(code)}/dashboard`, signal);
      if (gone()) return;
      const changed = JSON.stringify(n.counts) !== JSON.stringify(d.counts) ||
        JSON.stringify(n.children) !== JSON.stringify(d.children) ||
        JSON.stringify(n.checkpoints) !== JSON.stringify(d.checkpoints) ||
        JSON.stringify([n.quarantine, n.tasks]) !== JSON.stringify([d.quarantine, d.tasks]);
      d = n;
      if (changed) draw();
      const u = main.querySelector('#updated');
      if (u) u.textContent = `${t('dash.live')} · ${t('dash.updated')} ${new Date().toLocaleTimeString()}`;
    } catch (e) { /* keep the last picture; the next tick retries */ }
    if (!gone()) timer = setTimeout(refresh, REFRESH_MS);
  }

  if (gone()) return () => {};
  draw();
  timer = setTimeout(refresh, REFRESH_MS);
  const onResize = () => chart && chart.resize();
  window.addEventListener('resize', onResize);
  return () => {
    clearTimeout(timer);
    timer = null;
    window.removeEventListener('resize', onResize);
    if (chart) chart.dispose();
  };
}
