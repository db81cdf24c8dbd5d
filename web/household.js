// The household's own page (/h/TOKEN or /h/CODE), opened from the slip on
// its door: its members (names masked, colours, quarantine dates), the
// campaigns it may book with its pickup codes, and a request for help that
// becomes a task for its grid's responsible person. No login: the token
// opens this household and nothing else; a reissued one opens nothing.
import { t, setLang, getLang } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { el } from './dom.js';

const main = document.getElementById('main');
const token = decodeURIComponent(location.pathname.replace(/^\/h\//, ''));
const base = `/api/v1/household/${encodeURIComponent(token)}`;

function campaignItem(c, msg) {
  const head = el('p', {}, el('strong', { text: `${c.item} ${c.per_household}${c.measure}` }),
    el('span', { class: 'muted', text: ` · ${t('hh.window')} ${c.opens} → ${c.closes}` }));
  const b = c.booking;
  if (b) {
    const parts = [head, el('p', { class: 'pickup-code', text: `${t('hh.code')} ${b.code}` }),
      el('p', { class: 'result ok', text: t('hh.state.' + b.state) })];
    if (b.delivery) parts.push(el('p', { class: 'muted', text: t('hh.delivery') }));
    return el('li', { class: 'campaign booked' }, ...parts);
  }
  if (c.allocation === 'first_come' && c.remaining <= 0) {
    return el('li', { class: 'campaign' }, head, el('p', { class: 'muted', text: t('hh.gone') }));
  }
  const btn = el('button', { class: 'primary big', type: 'button', text: t('hh.book') });
  btn.addEventListener('click', async () => {
    try {
      await post(`${base}/bookings`, { campaign: c.id });
      await render();
    } catch (e) {
      msg.className = 'result error';
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
  });
  return el('li', { class: 'campaign' }, head, btn);
}

function helpForm() {
  const kind = el('select', { name: 'kind', id: 'hh-kind' },
    ...['groceries', 'medicine', 'rubbish', 'other'].map((k) => el('option', { value: k, text: t('hh.help.' + k) })));
  const note = el('input', { name: 'note', id: 'hh-note' });
  const msg = el('p', { id: 'hh-help-msg', 'aria-live': 'assertive' });
  const form = el('form', { id: 'hh-help' },
    el('label', { class: 'field' }, el('span', { text: t('hh.help') }), kind),
    el('label', { class: 'field' }, el('span', { text: t('hh.help.note') }), note),
    el('button', { class: 'primary big', type: 'submit', text: t('hh.help.send') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post(`${base}/help`, { kind: kind.value, note: note.value });
      msg.className = 'result ok';
      msg.textContent = t('hh.help.sent');
      note.value = '';
    } catch (e) {
      msg.className = 'result error';
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
  });
  return form;
}

async function render() {
  let h;
  try {
    h = await get(base);
  } catch (e) {
    main.replaceChildren(el('p', { class: 'error', text: t('hh.nolink') }));
    return;
  }
  const msg = el('p', { id: 'hh-msg', 'aria-live': 'assertive' });
  const lang = el('button', { type: 'button', class: 'lang', text: getLang() === 'zh' ? 'EN' : '中文' });
  lang.addEventListener('click', () => { setLang(getLang() === 'zh' ? 'en' : 'zh'); render(); });
  const members = el('ul', { id: 'hh-members' }, ...h.members.map((m) => el('li', {},
    el('span', { class: `dot colour-${m.colour}`, 'aria-hidden': 'true' }),
    el('span', { text: ` ${m.name} ` }),
    el('span', { class: 'muted', text: m.quarantine_until ? `${t('hh.until')} ${m.quarantine_until}` : '' }))));
  const campaigns = h.campaigns.length
    ? el('ul', { id: 'hh-campaigns' }, ...h.campaigns.map((c) => campaignItem(c, msg)))
    : el('p', { class: 'muted', text: t('hh.none') });
  main.replaceChildren(
    el('div', { class: 'row' }, el('h1', { text: t('hh.title') }), el('span', { class: 'spacer' }), lang),
    el('p', { id: 'hh-address', text: h.address }),
    el('h2', { text: t('hh.campaigns') }), campaigns, msg,
    el('h2', { text: t('hh.members') }), members,
    el('h2', { text: t('hh.help') }), helpForm());
}

render();
