// Import a committee's spreadsheet: choose the file, upload it with a
// progress bar, and see the result: counts, or every bad row with its line,
// column and reason (nothing written unless every row is right, or only the
// good rows with "skip bad rows").
import { t, getLang } from './i18n.js';
import { setCrumbs, scopeCode } from './app.js';
import { el } from './dom.js';
import { post, ApiError } from './api.js';
import { residentForm } from './resident_new.js';


// What the file chooser offers: workbooks and CSV (staff.js uses it too).
export const SHEET_TYPES = '.xlsx,.xls,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel';

function upload(url, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', url);
    // The server tells .xlsx, .xls and CSV apart by their content.
    x.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    x.setRequestHeader('Accept-Language', getLang() === 'en' ? 'en' : 'zh-CN');
    x.setRequestHeader('X-CSRF-Token', sessionStorage.getItem('cordon.csrf') || '');
    x.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    x.onload = () => {
      let body = null;
      try { body = JSON.parse(x.responseText); } catch (e) { /* not JSON */ }
      resolve({ status: x.status, body });
    };
    x.onerror = () => reject(new Error(t('err.network')));
    x.send(file);
  });
}

// The error report as .xlsx (in Chinese, or the chosen language): the
// errors sent back to the server, which writes the sheet.
function reportButton(body) {
  const b = el('button', { type: 'button', id: 'import-report', text: t('imp.report') });
  const msg = el('span', { class: 'error' });
  b.addEventListener('click', async () => {
    try {
      const blob = await post('/api/v1/imports/report.xlsx', { errors: body.errors, total_errors: body.total_errors, sheet: body.sheet || '' });
      const a = el('a', { href: URL.createObjectURL(blob), download: 'import-errors.xlsx' });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      msg.textContent = e instanceof ApiError ? e.message : t('err.network');
    }
  });
  return el('p', {}, b, msg);
}

export async function renderImport(main) {
  setCrumbs([{ label: t('nav.import') }]);
  const committee = el('input', { id: 'committee', value: scopeCode().length === 12 ? scopeCode() : '', placeholder: '310105002002', inputmode: 'numeric' });
  const file = el('input', { id: 'file', type: 'file', accept: SHEET_TYPES });
  const skip = el('input', { id: 'skip', type: 'checkbox', style: 'width:auto' });
  const go = el('button', { class: 'primary', type: 'submit', text: t('imp.go') });
  const prog = el('progress', { id: 'progress', max: '1', value: '0', hidden: '' });
  const out = el('div', { id: 'result' });
  const form = el('form', { class: 'card factform', style: 'max-width:640px' },
    el('h2', { text: t('imp.title') }), el('p', { class: 'muted', text: t('imp.hint') }),
    el('label', {}, t('imp.committee'), committee), el('label', {}, t('imp.file'), file),
    el('label', {}, el('span', {}, skip, ` ${t('imp.skip')}`)), prog, go);
  main.replaceChildren(form, out, residentForm());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!file.files[0]) return;
    go.disabled = true;
    prog.hidden = false;
    prog.value = 0;
    out.replaceChildren(el('p', { class: 'muted', text: t('imp.uploading') }));
    try {
      const url = `/api/v1/imports?committee=${encodeURIComponent(committee.value.trim())}${skip.checked ? '&skip_bad=1' : ''}`;
      const { status, body } = await upload(url, file.files[0], (f) => { prog.value = f; });
      prog.value = 1;
      if (!body) throw new Error(`HTTP ${status}`);
      if (body.error) {
        out.replaceChildren(el('p', { class: 'error', id: 'import-error', text: body.error.message }));
        return;
      }
      const kids = [];
      if (body.committed) kids.push(el('p', { id: 'import-ok', text: t('imp.done', body.rows - body.rejected, body.created, body.updated) }));
      if (body.rejected) {
        if (!body.committed) kids.push(el('p', { class: 'error', id: 'import-bad', text: t('imp.bad', body.rejected) }));
        if (body.sheet) kids.push(el('p', { class: 'muted', id: 'import-sheet', text: t('imp.sheet', body.sheet) }));
        const tb = el('tbody');
        body.errors.forEach((e) => tb.append(el('tr', {},
          el('td', { class: 'num', text: String(e.line) }), el('td', { text: e.header || String(e.column) }), el('td', { text: e.message }))));
        kids.push(el('table', { id: 'import-errors' }, el('thead', {}, el('tr', {},
          el('th', { class: 'num', text: t('imp.line') }), el('th', { text: t('imp.column') }), el('th', { text: t('imp.reason') }))), tb));
        kids.push(reportButton(body));
      }
      out.replaceChildren(el('div', { class: 'card' }, ...kids));
    } catch (e) {
      out.replaceChildren(el('p', { class: 'error', text: e.message }));
    } finally {
      go.disabled = false;
    }
  });
  return () => {};
}
