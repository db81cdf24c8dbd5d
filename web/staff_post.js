// A post's page (issue 14, #/staff/post/ID): its roster for the week (who
// is on duty each day, by day and night shift, against the minimum, the
// days below it marked), the hand-over notes from one shift to the next
// with a form for the next one, and the teams at the post (members from
// several home units, the lead marked).
import { t, fmtNumber } from './i18n.js';
import { get, post } from './api.js';
import { setCrumbs, toast } from './app.js';
import { el } from './dom.js';

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function rosterTable(page) {
  const head = el('tr', {}, el('th', { text: t('staff.shift') }),
    ...page.days.map((d) => el('th', { text: d.date.slice(5) })));
  const rows = ['day', 'night'].map((shift) => el('tr', { 'data-shift': shift },
    el('th', { text: t(`staff.shift.${shift}`) }),
    ...page.days.map((d) => {
      const s = d[shift];
      return el('td', { class: s.staff.length < s.minimum ? 'gap' : '', 'data-date': d.date },
        el('div', { class: 'num', text: `${fmtNumber(s.staff.length)}/${fmtNumber(s.minimum)}` }),
        el('div', { class: 'muted', text: s.staff.join('、') }));
    })));
  return el('table', { id: 'roster', class: 'list' }, el('thead', {}, head), el('tbody', {}, ...rows));
}

function notesCard(page, id, redraw) {
  const text = el('textarea', { id: 'note-text', rows: '3', maxlength: '1000' });
  const go = el('button', { class: 'primary', type: 'submit', text: t('staff.note.add') });
  const form = el('form', { id: 'note-form', class: 'factform' }, el('label', {}, t('staff.note.new'), text), go);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!text.value.trim()) return;
    go.disabled = true;
    try {
      await post(`/api/v1/duty-posts/${id}/notes`, { note: text.value });
      toast(t('staff.note.done'));
      await redraw();
    } catch (e) {
      toast(e.message, 'error');
      go.disabled = false;
    }
  });
  const list = el('ul', { id: 'notes', class: 'notes' }, ...page.notes.map((n) => el('li', { 'data-note': String(n.id) },
    el('span', { class: 'muted', text: `${n.at.slice(0, 16).replace('T', ' ')} ${t(`staff.shift.${n.shift}`)} ${n.written_by}：` }),
    el('span', { text: n.note }))));
  return el('div', { class: 'card' }, el('h2', { text: t('staff.notes') }),
    page.notes.length ? list : el('p', { class: 'muted', text: t('staff.notes.none') }), form);
}

function teamsCard(page) {
  if (!page.teams.length) return null;
  return el('div', { class: 'card', id: 'teams' }, el('h2', { text: t('staff.teams') }),
    ...page.teams.map((tm) => el('div', { class: 'team', 'data-team': String(tm.id) },
      el('h3', { text: tm.name }),
      el('p', {}, ...tm.members.map((m, i) => el('span', { class: m.lead ? 'lead' : '',
        text: `${i ? '、' : ''}${m.name}（${m.home_unit}${m.lead ? '，' + t('staff.lead') : ''}）` }))))));
}

export async function renderPost(main, id) {
  let week = '';
  async function draw() {
    const page = await get(`/api/v1/duty-posts/${encodeURIComponent(id)}${week ? `?week=${week}` : ''}`);
    week = page.week;
    setCrumbs([{ label: t('nav.staff'), href: '#/staff' }, { label: page.post.name }]);
    const prev = el('button', { id: 'week-prev', type: 'button', text: t('staff.week.prev') });
    const next = el('button', { id: 'week-next', type: 'button', text: t('staff.week.next') });
    prev.addEventListener('click', () => { week = addDays(week, -7); draw(); });
    next.addEventListener('click', () => { week = addDays(week, 7); draw(); });
    const teams = teamsCard(page);
    main.replaceChildren(
      el('div', { class: 'card' },
        el('div', { class: 'row' }, el('h1', { text: page.post.name }), el('span', { class: 'spacer' }),
          el('span', { class: 'muted', text: t(`staff.kind.${page.post.kind}`) })),
        el('div', { class: 'row' }, prev, el('strong', { id: 'week', text: t('staff.week', page.week, addDays(page.week, 6)) }), next),
        rosterTable(page)),
      notesCard(page, id, draw), ...(teams ? [teams] : []));
  }
  await draw();
  return null;
}
