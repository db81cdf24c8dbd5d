// The staffing-gaps tile of a street, district or city dashboard (issue
// 14): how many posts within the unit are below their minimum today and by
// how many people, linked to the 今日在岗 board. A role without the staff
// permission gets no tile (asked once per page load).
import { t, fmtNumber } from './i18n.js';
import { get, ApiError } from './api.js';
import { el } from './dom.js';

let forbidden = false;

export function staffingTile(code) {
  const card = el('div', { class: 'card', id: 'staffing-tile', hidden: '' });
  if (forbidden) return card;
  get(`/api/v1/units/${encodeURIComponent(code)}/staffing`).then((s) => {
    if (!s.items.length) return;
    const short = s.items.filter((p) => p.gap > 0).length;
    card.replaceChildren(el('div', { class: 'row' }, el('h2', { text: t('staff.tile') }), el('span', { class: 'spacer' }),
      el('a', { href: '#/staff', text: t('staff.board') })),
    el('div', { class: 'tiles' },
      el('div', { class: `tile ${short ? 'bg-red' : 'total'}`, 'data-k': 'posts-short' },
        el('div', { class: 'n', text: fmtNumber(short) }), el('div', { class: 'l', text: t('staff.tile.posts', fmtNumber(s.totals.posts)) })),
      el('div', { class: 'tile total', 'data-k': 'gap' },
        el('div', { class: 'n', text: fmtNumber(s.totals.gap) }), el('div', { class: 'l', text: t('staff.tile.gap') })),
      el('div', { class: 'tile total', 'data-k': 'on-duty' },
        el('div', { class: 'n', text: fmtNumber(s.totals.on_duty) }), el('div', { class: 'l', text: t('staff.tile.on') }))));
    card.hidden = false;
  }).catch((e) => { if (e instanceof ApiError && e.status === 403) forbidden = true; });
  return card;
}
