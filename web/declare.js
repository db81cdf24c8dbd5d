// The self-declaration form a traveller opens on a phone by scanning the
// QR poster of a checkpoint post (declare.html?post=ID): document, name,
// phone, where from and how, where to, symptoms. The officer at the post
// then finds it by document number, measures the temperature and confirms.
// No login: the server accepts declarations from anyone, strictly checked.
import { t, setLang, getLang } from './i18n.js';
import { get, post, ApiError } from './api.js';
import { el } from './dom.js';

const main = document.getElementById('main');
const postId = Number(new URLSearchParams(location.search).get('post'));
const DOC_TYPES = ['id_card', 'passport', 'hk_macao', 'taiwan', 'foreign_pr', 'other'];

function input(name, label, attrs = {}) {
  const i = el('input', { name, id: `d-${name}`, autocomplete: 'off', ...attrs });
  return el('label', { class: 'field' }, el('span', { text: label }), i);
}

async function render() {
  let p;
  try {
    p = await get(`/api/v1/posts/${postId}`);
  } catch (e) {
    main.replaceChildren(el('p', { class: 'error', text: t('decl.nopost') }));
    return;
  }
  const docType = el('select', { name: 'document_type', id: 'd-document_type' });
  DOC_TYPES.forEach((d) => docType.append(el('option', { value: d, text: t(`doc.${d}`) })));
  const abroad = el('input', { type: 'checkbox', name: 'abroad', id: 'd-abroad' });
  const msg = el('p', { id: 'd-msg', 'aria-live': 'assertive' });
  const lang = el('button', { type: 'button', class: 'lang', text: getLang() === 'zh' ? 'EN' : '中文' });
  lang.addEventListener('click', () => { setLang(getLang() === 'zh' ? 'en' : 'zh'); render(); });
  const form = el('form', { class: 'card', id: 'declare', novalidate: '' },
    el('div', { class: 'row' }, el('h1', { text: t('decl.title') }), el('span', { class: 'spacer' }), lang),
    el('p', { class: 'muted', text: `${p.checkpoint} ${p.name}` }),
    el('label', { class: 'field' }, el('span', { text: t('scr.doctype') }), docType),
    input('document', t('scr.document')),
    input('name', t('scr.name')),
    input('phone', t('scr.phone'), { inputmode: 'tel' }),
    input('origin', t('scr.origin'), { placeholder: t('scr.origin.hint') }),
    el('label', { class: 'field inline' }, abroad, el('span', { text: t('scr.abroad') })),
    input('travel', t('scr.travel'), { placeholder: 'G1234 / MU5101' }),
    input('destination', t('scr.destination'), { placeholder: t('scr.destination.hint') }),
    input('symptoms', t('scr.symptoms'), { placeholder: t('scr.symptoms.hint') }),
    el('button', { type: 'submit', class: 'primary', id: 'd-submit', text: t('decl.submit') }),
    msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    form.querySelectorAll('.bad').forEach((n) => n.classList.remove('bad'));
    const body = { post: postId, document_type: docType.value, abroad: abroad.checked };
    ['document', 'name', 'phone', 'origin', 'travel', 'destination', 'symptoms'].forEach((k) => {
      const v = form.elements[k].value.trim();
      if (v) body[k] = v;
    });
    try {
      await post('/api/v1/declarations', body);
      main.replaceChildren(el('div', { class: 'card', id: 'd-done' }, el('h1', { text: t('decl.done') }),
        el('p', { text: t('decl.next') })));
    } catch (e) {
      msg.className = 'error';
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
      const target = e.field && form.elements[e.field];
      if (target) { target.classList.add('bad'); target.focus(); }
    }
  });
  main.replaceChildren(form);
}

setLang(getLang());
render();
