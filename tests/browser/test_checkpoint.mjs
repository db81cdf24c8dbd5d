// The checkpoint loop in the browser, with the demo: the `checkpoint`
// account (上海站 西南出口) screens a traveller with the keyboard alone —
// Enter from field to field, the ID filling birth date and sex — for an
// address in 岐山居委会; `qishan` finds the hand-over in its inbox, accepts
// it, and the dashboard's blue tile grows by one. And the self-declaration:
// a traveller fills the poster's phone form, the officer types only the
// document number and the temperature.
import { demoDatabase, startServer, SHOTS, assert } from './harness.mjs';
import path from 'node:path';

function idNumber(seq) {
  const body = `420106199001${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i];
  return body + '10X98765432'[s % 11];
}

async function login(page, url, user, password, waitFor) {
  await page.goto(url + '/');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector(waitFor);
}

async function logout(page) {
  await page.click('#logout');
  await page.waitForSelector('#username');
}

async function blueTile(page) {
  const txt = await page.textContent('#tiles [data-colour="blue"] .n');
  return Number(txt.replace(/[^0-9]/g, ''));
}

async function withServer(browser, fn, viewport = { width: 1280, height: 900 }) {
  const srv = await startServer(demoDatabase());
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await ctx.newPage();
  try {
    await fn(page, srv.url);
  } finally {
    await ctx.close();
    await srv.stop();
  }
}

async function acceptInQishan(page, url, docTail) {
  await login(page, url, 'qishan', 'demo-qishan', '#tiles');
  await page.waitForSelector('#checkpoints');
  const before = await blueTile(page);
  await page.goto(url + '/#/inbox');
  const item = page.locator(`#inbox li.handover:has-text("${docTail}")`);
  await item.waitFor({ timeout: 10000 });
  assert((await item.textContent()).includes('岐山居委会'), 'the hand-over is addressed to Qishan');
  await page.screenshot({ path: path.join(SHOTS, 'checkpoint-inbox.png') });
  await item.locator('button.accept').click();
  await item.waitFor({ state: 'detached', timeout: 10000 });
  await page.goto(url + '/#/');
  await page.waitForFunction((n) => {
    const e = document.querySelector('#tiles [data-colour="blue"] .n');
    return e && Number(e.textContent.replace(/[^0-9]/g, '')) === n;
  }, before + 1, { timeout: 15000 });
}

export async function test_screen_at_the_sw_exit_then_qishan_accepts(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'checkpoint', 'demo-checkpoint', '#screening');
    assert((await page.textContent('#sc-post')).includes('西南出口'), 'the account screens at the SW exit');
    assert(await page.locator('#tabs a[data-tab="residents"]').isHidden(), 'no register tab');
    const doc = idNumber(7);
    await page.focus('#sc-document');
    await page.keyboard.type(doc);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'sc-name');
    assert((await page.textContent('#sc-idinfo')).startsWith('1990-01-'), 'the ID gives the birth date');
    const typed = [['测试旅客', 'sc-phone'], ['13912345678', 'sc-origin'], ['湖北武汉', 'sc-abroad'],
      [null, 'sc-travel'], ['G1234', 'sc-destination'], ['长宁区江苏路街道岐山村12号601室', 'sc-temperature'],
      ['36.6', 'sc-symptoms']];
    for (const [text, next] of typed) {
      if (text) await page.keyboard.type(text);
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.activeElement && document.activeElement.id === id, next);
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#sc-result').textContent.includes('岐山居委会'));
    await page.waitForSelector('#sc-recent tr');
    await page.screenshot({ path: path.join(SHOTS, 'checkpoint-screening.png') });
    // Saved: the form is empty again, ready for the next traveller.
    assert(await page.inputValue('#sc-document') === '', 'the form is reset');
    await logout(page);
    await acceptInQishan(page, url, doc.slice(-4));
  });
}

export async function test_self_declaration_on_a_phone(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'checkpoint', 'demo-checkpoint', '#screening');
    const postId = await page.inputValue('#sc-post');
    const doc = idNumber(8);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const p2 = await phone.newPage();
    await p2.goto(`${url}/declare.html?post=${postId}`);
    await p2.waitForSelector('#declare');
    assert((await p2.textContent('#declare')).includes('上海站 西南出口'), 'the form names the post');
    await p2.fill('#d-document', doc);
    await p2.fill('#d-name', '申报旅客');
    await p2.fill('#d-origin', '浙江温州');
    await p2.fill('#d-destination', '岐山村3号302室');
    await p2.click('#d-submit');
    await p2.waitForSelector('#d-done');
    await p2.screenshot({ path: path.join(SHOTS, 'checkpoint-declare-phone.png') });
    await phone.close();
    await page.fill('#sc-document', doc);
    await page.press('#sc-document', 'Enter');
    await page.waitForFunction(() => document.querySelector('#sc-declinfo').textContent !== '');
    assert(await page.inputValue('#sc-name') === '申报旅客', 'the declaration fills the form');
    await page.fill('#sc-temperature', '37.8');
    await page.press('#sc-temperature', 'Control+Enter');
    await page.waitForFunction(() => document.querySelector('#sc-result').className.includes('fever'));
    assert((await page.textContent('#sc-result')).includes('岐山居委会'), 'handed over to Qishan');
  });
}
