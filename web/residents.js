// Residents within the caller's scope: search by name, document number or
// phone, filter by colour, page by cursor, export what is shown to Excel.
import { t } from './i18n.js';
import { get } from './api.js';
import { setCrumbs, scopeCode } from './app.js';
import { COLOURS, HEX } from './colours.js';
import { factsText } from './room.js';
import { el } from './dom.js';
import { revealExport } from './reveal.js'; // W13b: the unmasked export, with a reason


export async function renderResidents(main) {
  setCrumbs([{ label: t('nav.residents') }]);
  const q = el('input', { id: 'q', type: 'search', placeholder: t('res.search'), style: 'flex:1;min-width:12em;padding:.5em' });
  const colour = el('select', { id: 'colour', style: 'padding:.5em' }, el('option', { value: '', text: t('res.all') }));
  COLOURS.forEach((c) => colour.append(el('option', { value: c, text: t('colour.' + c) })));
  const exp = el('a', { id: 'export', href: `/api/v1/residents/export.xlsx?unit=${scopeCode()}`, text: t('dash.export') });
  const table = el('table', { id: 'residents' });
  const more = el('button', { type: 'button', hidden: '', text: t('res.more') });
  const empty = el('p', { class: 'muted', hidden: '', text: t('res.none') });
  main.replaceChildren(el('div', { class: 'card' }, el('div', { class: 'row' }, q, colour, exp, revealExport(() => exp.getAttribute('href')))),
    el('div', { class: 'card' }, table, empty, more));
  table.append(el('thead', {}, el('tr', {},
    el('th', { text: t('res.name') }), el('th', { text: t('res.doc') }), el('th', { class: 'hide-s', text: t('res.phone') }),
    el('th', { class: 'hide-s', text: t('res.address') }), el('th', { text: t('res.colour') }), el('th', { class: 'hide-s', text: '' }))));
  const body = el('tbody');
  table.append(body);
  let next = null;
  let seq = 0;

  async function load(reset) {
    const my = ++seq;
    const params = new URLSearchParams({ unit: scopeCode(), limit: '50' });
    if (q.value.trim()) params.set('q', q.value.trim());
    if (colour.value) params.set('colour', colour.value);
    if (!reset && next) params.set('cursor', next);
    const page = await get(`/api/v1/residents?${params}`);
    if (my !== seq) return; // a newer search won
    if (reset) body.replaceChildren();
    page.items.forEach((r) => {
      const a = r.address;
      const where = a ? `${a.compound} ${a.building} ${a.unit ? a.unit + '-' : ''}${a.room}` : '';
      const tr = el('tr', { 'data-id': r.id },
        el('td', { text: r.name }), el('td', { text: r.doc_no }), el('td', { class: 'hide-s', text: r.phone || '' }),
        el('td', { class: 'hide-s', text: where }),
        el('td', {}, el('span', { class: 'chip', style: `background:${HEX[r.colour]}`, text: t('colour.' + r.colour) })),
        el('td', { class: 'hide-s muted', text: factsText(r.facts) }));
      body.append(tr);
    });
    next = page.next;
    more.hidden = !next;
    empty.hidden = body.children.length > 0;
    const ep = new URLSearchParams({ unit: scopeCode() });
    exp.href = `/api/v1/residents/export.xlsx?${ep}`;
  }
  let timer = null;
  q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => load(true), 250); });
  colour.addEventListener('change', () => load(true));
  more.addEventListener('click', () => load(false));
  await load(true);
  return () => clearTimeout(timer);
}
