// The room panel of the compound map: the household's residents (masked as
// the role requires), their facts, history on demand, and a form to record
// a new fact with errors shown next to the field the server names. After a
// save the map and its counts refresh at once.
import { t } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { HEX } from './colours.js';
import { el } from './dom.js';
import { startHomeQuarantine, startHouseholdQuarantine } from './quarantine.js';
import { revealButton, phoneLink } from './reveal.js';


// The server's date (it may replay an exercise with CORDON_TODAY).
let serverToday = new Date().toISOString().slice(0, 10);
const today = () => serverToday;

export function factsText(f) {
  const parts = [t(`presence.${f.presence}`)];
  if (f.arrival) parts.push(`${t('facts.arrived')} ${f.arrival.date}${f.arrival.origin ? ' · ' + f.arrival.origin : ''}${f.arrival.abroad ? ' (' + t('facts.abroad') + ')' : ''}`);
  if (f.quarantine && f.quarantine.kind !== 'none') parts.push(`${t('quarantine.' + f.quarantine.kind)} ${f.quarantine.from || ''} → ${f.quarantine.until || ''}`);
  parts.push(t(`health.${f.health}`));
  return parts.join('；');
}

function factForm(resident, onSaved) {
  const form = el('form', { class: 'factform', 'data-resident': resident.id });
  form.innerHTML = `
    <label>${t('form.kind')}
      <select name="kind">
        <option value="quarantine">${t('form.quarantine')}</option>
        <option value="health">${t('form.health')}</option>
        <option value="arrival">${t('form.arrival')}</option>
        <option value="presence">${t('form.presence')}</option>
      </select></label>
    <div class="f f-quarantine">
      <label>${t('form.qkind')}<select name="qkind">
        <option value="home">${t('quarantine.home')}</option>
        <option value="central">${t('quarantine.central')}</option>
        <option value="none">${t('quarantine.none')}</option></select></label>
      <label>${t('form.from')}<input name="qfrom" type="date" value="${today()}"></label>
      <label>${t('form.until')}<input name="quntil" type="date" placeholder="${t('form.until.hint')}"></label>
    </div>
    <div class="f f-health" hidden><label>${t('form.health')}<select name="health">
      ${['normal', 'fever', 'suspected', 'confirmed', 'recovered'].map((h) => `<option value="${h}">${t('health.' + h)}</option>`).join('')}
    </select></label></div>
    <div class="f f-arrival" hidden>
      <label>${t('form.date')}<input name="adate" type="date" value="${today()}"></label>
      <label>${t('form.origin')}<input name="aorigin"></label>
      <label><span><input name="aabroad" type="checkbox" style="width:auto"> ${t('facts.abroad')}</span></label>
    </div>
    <div class="f f-presence" hidden><label>${t('form.presence')}<select name="presence">
      <option value="in">${t('presence.in')}</option><option value="away">${t('presence.away')}</option></select></label></div>
    <div class="error" role="alert"></div>
    <button class="primary" type="submit">${t('form.save')}</button>`;
  const show = () => {
    form.querySelectorAll('.f').forEach((d) => { d.hidden = !d.classList.contains('f-' + form.kind.value); });
  };
  form.kind.addEventListener('change', show);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const errEl = form.querySelector('.error');
    errEl.textContent = '';
    form.querySelectorAll('[aria-invalid]').forEach((i) => i.removeAttribute('aria-invalid'));
    const k = form.kind.value;
    const body = {};
    if (k === 'quarantine') {
      body.quarantine = { kind: form.qkind.value };
      if (form.qkind.value !== 'none') {
        body.quarantine.from = form.qfrom.value;
        if (form.quntil.value) body.quarantine.until = form.quntil.value;
      }
    } else if (k === 'health') body.health = form.health.value;
    else if (k === 'arrival') body.arrival = { date: form.adate.value, origin: form.aorigin.value, abroad: form.aabroad.checked };
    else body.presence = form.presence.value;
    const btn = form.querySelector('button');
    btn.disabled = true;
    try {
      await post(`/api/v1/residents/${resident.id}/facts`, body);
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        const map = { 'quarantine.from': 'qfrom', 'quarantine.until': 'quntil', 'quarantine.kind': 'qkind', 'arrival.date': 'adate', 'arrival.origin': 'aorigin', health: 'health', presence: 'presence' };
        const input = e.field && form[map[e.field]];
        if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
        errEl.textContent = e.message; // the server's, in the user's language, with the field's label
      } else {
        errEl.textContent = t('err.network');
      }
    } finally {
      btn.disabled = false;
    }
  });
  return form;
}

function residentCard(r, onSaved) {
  const card = el('div', { class: 'resident', 'data-resident': r.id, 'data-colour': r.colour },
    el('div', {}, el('span', { class: 'name', text: r.name }),
      el('span', { class: 'chip', style: `background:${HEX[r.colour]}`, text: t('colour.' + r.colour) })),
    el('div', { class: 'muted', text: `${r.doc_no}${r.phone ? ' · ' + r.phone : ''}` }),
    el('div', { class: 'facts', text: factsText(r.facts) }));
  const histBtn = el('button', { type: 'button', text: t('room.history') });
  const hist = el('ol', { class: 'muted', hidden: '' });
  histBtn.addEventListener('click', async () => {
    const h = await get(`/api/v1/residents/${r.id}/history`);
    hist.replaceChildren(...h.items.map((i) => el('li', { text: `${i.effective} ${i.kind} · ${t('colour.' + i.colour)} · ${i.recorded_by}` })));
    hist.hidden = false;
  });
  const recordBtn = el('button', { type: 'button', text: t('room.record') });
  recordBtn.addEventListener('click', () => {
    recordBtn.replaceWith(factForm(r, onSaved));
  });
  const row = el('div', { class: 'row' }, recordBtn, histBtn);
  // 查看完整信息 (roles that may unmask; a reason, audited on the server).
  const reveal = revealButton(`/api/v1/residents/${r.id}`, (full) => {
    card.querySelector('.name').textContent = full.name;
    card.querySelector('.muted').replaceChildren(`${full.doc_no} · `, full.phone ? phoneLink(full.phone) : '');
  });
  if (reveal) row.append(reveal);
  // A committee or grid worker puts a resident into home quarantine in one
  // tap: a case from today, fourteen days, with its daily rubbish task.
  const perms = (JSON.parse(sessionStorage.getItem('cordon.user') || '{}').permissions) || [];
  if (perms.includes('quarantine') && r.facts.quarantine.kind === 'none' && r.household) {
    const qBtn = el('button', { type: 'button', class: 'quarantine-start', text: t('q.start') });
    qBtn.addEventListener('click', async () => {
      qBtn.disabled = true;
      try {
        const c = await startHomeQuarantine(r.id, today());
        await onSaved(); // redraws the panel: the link goes below it afterwards
        const box = document.getElementById('room') || card.parentNode;
        if (box) box.append(el('p', { class: 'muted checkin-link', text: `${t('q.started')}${location.origin}${c.checkin}` }));
      } catch (e) {
        qBtn.disabled = false;
        card.append(el('p', { class: 'error', text: e instanceof ApiError ? e.message : t('err.network') }));
      }
    });
    row.append(qBtn);
  }
  card.append(row, hist);
  return card;
}

export async function renderRoom(box, { compound, building, room, onSaved }) {
  if (compound && compound.today) serverToday = compound.today;
  box.replaceChildren(el('p', { class: 'muted', text: t('common.loading') }));
  const h = await get(`/api/v1/households/${room.household}`);
  const title = el('h2', {}, el('span', { text: `${building.name} ${h.unit ? h.unit + '-' : ''}${h.room}` }));
  const kids = [title];
  if (!h.residents.length) kids.push(el('p', { class: 'muted', text: t('room.empty') }));
  // onSaved redraws the map, moving this panel's nodes into a new #room:
  // render into that one, not the detached box.
  const reload = async () => {
    await onSaved();
    await renderRoom(document.getElementById('room') || box, { compound, building, room, onSaved });
  };
  h.residents.forEach((r) => kids.push(residentCard(r, reload)));
  // The whole household into home quarantine in one tap (a returning
  // family): a case for each resident not yet in quarantine.
  const perms = (JSON.parse(sessionStorage.getItem('cordon.user') || '{}').permissions) || [];
  const free = h.residents.filter((r) => r.facts.quarantine.kind === 'none');
  if (perms.includes('quarantine') && h.residents.length > 1 && free.length) {
    const hBtn = el('button', { type: 'button', class: 'quarantine-household', text: t('q.household') });
    hBtn.addEventListener('click', async () => {
      hBtn.disabled = true;
      try {
        const res = await startHouseholdQuarantine(room.household, today());
        await reload();
        const links = res.cases.map((c) => el('li', { class: 'checkin-link', text: `${c.name} ${location.origin}${c.checkin}` }));
        (document.getElementById('room') || box).append(el('p', { class: 'muted', text: t('q.household.done', String(res.cases.length)) }), el('ul', { class: 'muted' }, ...links));
      } catch (e) {
        hBtn.disabled = false;
        box.append(el('p', { class: 'error', text: e instanceof ApiError ? e.message : t('err.network') }));
      }
    });
    kids.splice(1, 0, hBtn);
  }
  box.replaceChildren(...kids);
}
