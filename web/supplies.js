// Supplies (issue 15), the staff screens: the pickup counter (#/supplies)
// where staff at a pharmacy or the committee office type or scan a
// household's pickup code and hand the goods out (a second time is
// refused), and a campaign's counts by point (#/supplies/ID).
import { t, fmtNumber } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { setCrumbs } from './app.js';
import { el } from './dom.js';

function campaignPanel(c) {
  const k = c.counts;
  const cells = [['sup.booked', k.booked], ['sup.allocated', k.allocated], ['sup.picked', k.picked_up],
    ['sup.delivery', k.delivery], ['sup.remaining', c.remaining]];
  return el('section', { id: 'sup-campaign', 'data-campaign': c.id },
    el('h2', { text: `${c.item} ${c.per_household}${c.measure} · ${c.opens} → ${c.closes}` }),
    el('div', { class: 'row counters' }, ...cells.map(([key, n]) => el('div', { class: 'counter', 'data-count': key },
      el('div', { class: 'big-number', text: fmtNumber(n) }), el('div', { class: 'muted', text: t(key) })))),
    el('table', { id: 'sup-points' },
      el('tbody', {}, ...c.points.map((p) => el('tr', {},
        el('td', { text: p.name }), el('td', { text: `${fmtNumber(p.picked_up)} / ${fmtNumber(p.allocated)} / ${fmtNumber(p.stock)}` }))))));
}

export async function renderSupplies(main, arg) {
  setCrumbs([{ text: t('sup.title') }]);
  const code = el('input', { id: 'sup-code', name: 'code', autocomplete: 'off', autocapitalize: 'characters',
    inputmode: 'text', maxlength: '16', placeholder: 'ABCD2345' });
  const result = el('div', { id: 'sup-result', 'aria-live': 'assertive' });
  const form = el('form', { id: 'sup-pickup' },
    el('h1', { text: t('sup.pickup') }),
    el('label', { class: 'field' }, el('span', { text: t('sup.code') }), code),
    el('button', { class: 'primary big', type: 'submit', text: t('sup.confirm') }), result);
  const panel = el('div', {});
  async function showCampaign(id) {
    if (!id) return;
    try {
      panel.replaceChildren(campaignPanel(await get(`/api/v1/campaigns/${encodeURIComponent(id)}`)));
    } catch (e) {
      panel.replaceChildren(el('p', { class: 'error', text: e instanceof ApiError ? e.message : t('err.network') }));
    }
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await post('/api/v1/pickups', { code: code.value.trim() });
      result.className = 'result ok';
      result.replaceChildren(el('strong', { text: `${t('sup.done')}: ${r.item} × ${r.quantity}` }),
        el('span', { text: ` · ${r.code}` }));
      code.value = '';
      await showCampaign(r.campaign);
    } catch (e) {
      result.className = 'result error';
      result.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
    code.focus();
  });
  const idInput = el('input', { id: 'sup-campaign-id', inputmode: 'numeric', value: arg || '' });
  const load = el('button', { type: 'button', text: t('sup.load') });
  load.addEventListener('click', () => showCampaign(idInput.value.trim()));
  main.replaceChildren(form,
    el('div', { class: 'row' }, el('label', { class: 'field' }, el('span', { text: t('sup.campaign') }), idInput), load),
    panel);
  code.focus();
  await showCampaign(arg);
  return null;
}
