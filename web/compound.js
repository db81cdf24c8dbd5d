// The wall chart on screen: buildings side by side, floors as rows (top
// floor at the top), rooms as cells in the household's most urgent colour,
// with a legend of counts. Clicking a room opens its residents (room.js).
// The same compound prints as A4 sheets: wallchart.pdf. On a phone the room
// panel is a sheet that slides up over the map (closed by its button).
import { t, fmtNumber } from './i18n.js';
import { get } from './api.js';
import { setCrumbs } from './app.js';
import { COLOURS, HEX } from './colours.js';
import { el } from './dom.js';
import { poll, newest } from './poll.js';


// The room number without its floor digits: 601 on floor 6 -> "01".
function suffix(r) {
  if (r.floor && r.room.startsWith(String(r.floor)) && r.room.length > String(r.floor).length) {
    return r.room.slice(String(r.floor).length);
  }
  return r.room;
}

function buildingGrid(b, onRoom) {
  const cols = [];
  const seen = new Set();
  const floors = new Set();
  b.rooms.forEach((r) => {
    const k = `${r.unit}|${r.floor ? suffix(r) : r.room}`;
    if (!seen.has(k)) { seen.add(k); cols.push({ k, unit: r.unit, s: r.floor ? suffix(r) : r.room }); }
    floors.add(r.floor || 0);
  });
  cols.sort((a, b2) => a.unit.localeCompare(b2.unit, 'zh', { numeric: true }) || a.s.localeCompare(b2.s, 'zh', { numeric: true }));
  const rows = [...floors].sort((a, b2) => (a === 0) - (b2 === 0) || b2 - a);
  const at = new Map(b.rooms.map((r) => [`${r.floor || 0}|${r.unit}|${r.floor ? suffix(r) : r.room}`, r]));
  const grid = el('div', { class: 'bgrid' });
  grid.style.gridTemplateColumns = `2.2em repeat(${cols.length}, minmax(3.4em, 1fr))`;
  grid.append(el('div', { class: 'corner' }));
  cols.forEach((c) => grid.append(el('div', { class: 'colhead', text: c.unit ? `${c.unit}-${c.s}` : c.s })));
  rows.forEach((f) => {
    grid.append(el('div', { class: 'floor', text: f ? `${f}F` : '—' }));
    cols.forEach((c) => {
      const r = at.get(`${f}|${c.unit}|${c.s}`);
      if (!r) { grid.append(el('div', { class: 'cell none' })); return; }
      const n = COLOURS.reduce((s, k) => s + r.counts[k], 0);
      const cell = el('button', {
        class: `cell ${r.colour ? 'c-' + r.colour : 'empty'}`, type: 'button',
        'data-household': r.household, 'data-colour': r.colour || 'empty',
        title: `${b.name} ${r.unit ? r.unit + '单元 ' : ''}${r.room} · ${n}`,
      }, el('span', { class: 'rn', text: r.room }), el('span', { class: 'cnt', text: n ? String(n) : '' }));
      cell.addEventListener('click', () => onRoom(b, r, cell));
      grid.append(cell);
    });
  });
  return el('section', { class: 'building' }, el('h3', { text: b.name }), grid);
}

function legend(m) {
  const box = el('div', { class: 'legend', id: 'legend' });
  COLOURS.forEach((c) => {
    box.append(el('span', { class: 'lg', 'data-colour': c },
      el('i', { style: `background:${HEX[c]}` }),
      el('b', { text: t('colour.' + c) }),
      el('small', { text: t(`colour.${c}.hint`) }),
      el('span', { text: `${fmtNumber(m.totals.households[c])} 户 / ${fmtNumber(m.totals.residents[c])} 人` })));
  });
  return box;
}

export async function renderCompound(main, id, opts = {}) {
  let m = await get(`/api/v1/compounds/${encodeURIComponent(id)}/map`);
  let openRoom = null;

  async function onRoom(b, r, cell) {
    main.querySelectorAll('.cell.sel').forEach((c) => c.classList.remove('sel'));
    cell.classList.add('sel');
    openRoom = { b, r };
    const mod = await import('./room.js');
    await mod.renderRoom(main.querySelector('#room'), { compound: m, building: b, room: r, onSaved: refresh });
    const sheet = main.querySelector('#roomsheet');
    if (sheet) { sheet.classList.add('open'); sheet.scrollTop = 0; }
  }

  function closeRoom() {
    main.querySelectorAll('.cell.sel').forEach((c) => c.classList.remove('sel'));
    const sheet = main.querySelector('#roomsheet');
    if (sheet) sheet.classList.remove('open');
    openRoom = null;
  }

  function roomSheet() {
    const close = el('button', { type: 'button', class: 'sheet-close', id: 'room-close', 'aria-label': t('room.close'), text: '×' });
    close.addEventListener('click', closeRoom);
    return el('aside', { id: 'roomsheet', class: `card room${openRoom ? ' open' : ''}` }, close, el('div', { id: 'room' }));
  }

  function draw() {
    setCrumbs([{ label: m.committee_name, href: `#/unit/${m.committee}` }, { label: m.name }]);
    const head = el('div', { class: 'row' },
      el('h1', { style: 'font-size:1.3em;margin:.2em 0', text: m.name }),
      el('span', { class: 'muted', text: m.committee_name }),
      el('span', { class: 'spacer' }),
      el('a', { href: `/api/v1/compounds/${m.id}/wallchart.pdf`, id: 'print', target: '_blank', text: t('map.print') }));
    const bs = el('div', { class: 'buildings', id: 'map' });
    m.buildings.forEach((b) => bs.append(buildingGrid(b, onRoom)));
    main.replaceChildren(head, el('div', { class: 'card' }, legend(m)), el('div', { class: 'maplayout' }, bs, roomSheet()));
    if (openRoom) {
      const again = main.querySelector(`.cell[data-household="${openRoom.r.household}"]`);
      if (again) again.classList.add('sel');
    }
  }

  // A refresh after a save and the 5 s one may cross: only the newest
  // answer is drawn (poll.js).
  const draws = newest();
  async function refresh() {
    const k = draws.take();
    try {
      const n = await get(`/api/v1/compounds/${encodeURIComponent(id)}/map`);
      if (!draws.still(k)) return;
      if (JSON.stringify(n) !== JSON.stringify(m)) {
        const roomBox = main.querySelector('#room');
        const keep = roomBox ? [...roomBox.childNodes] : [];
        m = n;
        draw();
        main.querySelector('#room').replaceChildren(...keep);
      }
    } catch (e) { /* next tick */ }
  }

  draw();
  // Opened from a resident's row (#/compound/ID/HOUSEHOLD): that room.
  if (opts.household) {
    const cell = main.querySelector(`.cell[data-household="${CSS.escape(String(opts.household))}"]`);
    if (cell) { cell.scrollIntoView({ block: 'center' }); cell.click(); }
  }
  // The map waits while the room panel is being filled in (a redraw moves
  // the panel and would take the focus away) or a record is revealed.
  return poll(main, opts.refreshMs || 5000, refresh);
}
