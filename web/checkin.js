// The resident's own check-in page (checkin.html#TOKEN), opened from the
// link the committee sends when the quarantine starts: the quarantine's
// dates, the readings so far, and a form for this morning's or evening's
// temperature. No login: the token in the link opens this case and nothing
// else (it stays in the fragment, so it is never sent in a Referer).
import { t, setLang, getLang } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { el } from './dom.js';

const main = document.getElementById('main');
const token = location.hash.replace(/^#/, '');

async function render() {
  let c;
  try {
    c = await get(`/api/v1/checkin/${encodeURIComponent(token)}`);
  } catch (e) {
    main.replaceChildren(el('p', { class: 'error', text: t('ci.nolink') }));
    return;
  }
  const temp = el('input', { name: 'temperature', id: 'ci-temperature', inputmode: 'decimal', placeholder: '36.5' });
  const slot = el('select', { name: 'slot', id: 'ci-slot' }, el('option', { value: 'morning', text: t('q.slot.morning') }),
    el('option', { value: 'evening', text: t('q.slot.evening') }));
  slot.value = new Date().getHours() >= 14 ? 'evening' : 'morning';
  const msg = el('p', { id: 'ci-msg', 'aria-live': 'assertive' });
  const form = el('form', {},
    el('label', { class: 'field' }, el('span', { text: t('ci.temperature') }), temp),
    el('label', { class: 'field' }, el('span', { text: t('ci.slot') }), slot),
    el('button', { class: 'primary big', type: 'submit', text: t('ci.submit') }), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.className = '';
    try {
      const r = await post(`/api/v1/checkin/${encodeURIComponent(token)}`, { temperature: temp.value, slot: slot.value });
      await render();
      const m = document.getElementById('ci-msg');
      if (m) {
        m.className = r.fever ? 'result fever' : 'result ok';
        m.textContent = r.fever ? t('ci.fever') : t('ci.thanks');
      } else {
        main.append(el('p', { id: 'ci-msg', class: r.fever ? 'result fever' : 'result ok', text: r.fever ? t('ci.fever') : t('ci.thanks') }));
      }
    } catch (e) {
      msg.className = 'result error';
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
  });
  const readings = el('ul', { id: 'ci-readings' }, ...c.temperatures.map((r) => el('li', {
    class: r.fever ? 'fever-text' : '', text: `${r.day} ${t('q.slot.' + r.slot)} ${r.temperature.toFixed(1)} °C` })));
  const lang = el('button', { type: 'button', class: 'lang', text: getLang() === 'zh' ? 'EN' : '中文' });
  lang.addEventListener('click', () => { setLang(getLang() === 'zh' ? 'en' : 'zh'); render(); });
  main.replaceChildren(
    el('div', { class: 'row' }, el('h1', { text: t('ci.title') }), el('span', { class: 'spacer' }), lang),
    el('p', {}, el('strong', { text: c.name }), el('span', { text: ` · ${t('quarantine.' + c.kind)} ${c.from} → ${c.until}` })),
    c.state !== 'open' ? el('p', { class: 'result ok', text: t('ci.ended') }) : form,
    el('h2', { text: t('ci.readings') }), readings);
}

render();
