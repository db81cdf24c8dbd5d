// Issue 13, items 7–9 in the browser (both databases, with the demo):
// 7  查看完整信息 on a resident of the room panel and on a hand-over: a
//    reason is asked for, the full name and a tel: link appear, and the
//    reason is in GET /api/v1/audit; a role that may not unmask sees no
//    button.
// 8  a field error of the fact form comes back in Chinese with the field's
//    label (隔离截止日期：…), never "quarantine.until" or English.
//    (The import page's Chinese rows and .xlsx report: test_ui.mjs.)
// 9  accepting a traveller from abroad offers home quarantine from the
//    day of arrival, one click, and the case is in GET /api/v1/quarantines.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, loginDemo as login } from './harness.mjs';

const REASON = '电话通知居家隔离';

async function withServer(browser, fn) {
  // The demo's day, and its clock: a screening's arrival falls on it.
  const srv = await startServer(demoDatabase(), { CORDON_NOW: '2020-03-09T10:00' });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  const others = [];
  // An API session of another account (its own cookies): { get, post }.
  const as = async (user) => {
    const c = await browser.newContext();
    others.push(c);
    const r = await c.request.post(`${srv.url}/api/v1/session`, { data: { username: user, password: `demo-${user}` } });
    assert(r.ok(), `login ${user}: ${r.status()}`);
    const { csrf } = await r.json();
    return {
      get: async (p) => (await c.request.get(srv.url + p)).json(),
      post: async (p, data) => c.request.post(srv.url + p, { data, headers: { 'X-CSRF-Token': csrf } }),
    };
  };
  try {
    await fn(page, srv.url, as);
  } finally {
    for (const c of others) await c.close();
    await ctx.close();
    await srv.stop();
  }
}

async function openARoom(page) {
  await page.click('#compounds a:text("岐山村")');
  await page.waitForSelector('#map .cell');
  await page.locator('#map .cell').first().click();
  await page.waitForSelector('#room .resident');
}

export async function test_reveal_a_resident_with_a_reason_audited(browser) {
  await withServer(browser, async (page, url, as) => {
    await login(page, url, 'qishan', '#compounds');
    await openARoom(page);
    const card = page.locator('#room .resident').first();
    const masked = await card.locator('.name').textContent();
    assert(masked.includes('*'), `masked first: ${masked}`);
    await card.locator('button.reveal-open').click();
    await card.locator('button.reveal-go').click();
    assert((await card.locator('.reveal-msg').textContent()) === '请填写查看原因', 'a reason is required');
    await card.locator('input.reveal-reason').fill(REASON);
    await card.locator('button.reveal-go').click();
    await card.locator('.reveal-done').waitFor();
    const name = await card.locator('.name').textContent();
    assert(!name.includes('*') && name.length >= 2, `the full name: ${name}`);
    assert(await card.locator('a.tel').count() === 1, 'the phone as a tel: link');
    await page.screenshot({ path: path.join(SHOTS, 'reveal-resident.png') });
    const admin = await as('admin');
    const log = await admin.get('/api/v1/audit?account=qishan&limit=5');
    const top = log.items[0];
    assert(top.action === 'read_unmasked' && top.detail.reason === REASON, `audited with the reason: ${JSON.stringify(top)}`);
    const compoundUrl = page.url();
    // The unmasked export, with its reason, audited the same way.
    await page.click('#tabs a[data-tab=residents]');
    await page.waitForSelector('#residents tbody tr');
    await page.click('.reveal-open');
    await page.fill('.reveal-reason', '导出给派出所核对');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('.reveal-go')]);
    assert(download.suggestedFilename() === 'residents-full.xlsx', download.suggestedFilename());
    const exp = (await admin.get('/api/v1/audit?account=qishan&limit=1')).items[0];
    assert(exp.action === 'export_unmasked' && exp.detail.reason === '导出给派出所核对', `export audited: ${JSON.stringify(exp)}`);
    await page.screenshot({ path: path.join(SHOTS, 'reveal-export.png') });
    // A district may not unmask: the same room, masked, and no button.
    await page.click('#logout');
    await page.waitForSelector('#username');
    await login(page, url, 'changning', '#tiles');
    const rid = top.resident;
    const d = await as('changning');
    const r = await d.get(`/api/v1/residents/${rid}`);
    assert(r.name && r.name.includes('*'), 'the district sees it masked');
    await page.goto(compoundUrl);
    await page.waitForSelector('#map .cell');
    await page.locator('#map .cell').first().click();
    await page.waitForSelector('#room .resident');
    assert(await page.locator('#room .resident').count() > 0, 'the district sees the room');
    assert(await page.locator('button.reveal-open').count() === 0, 'no reveal button for a district');
  });
}

export async function test_field_error_in_chinese_with_its_label(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', '#compounds');
    await openARoom(page);
    const card = page.locator('#room .resident').first();
    await card.locator('button:text("登记新情况")').click();
    const form = page.locator('#room form.factform').first();
    await form.waitFor();
    await form.locator('select[name=qkind]').selectOption('home');
    await form.locator('input[name=qfrom]').fill('2020-03-09');
    await form.locator('input[name=quntil]').fill('2020-03-01');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() => {
      const e = document.querySelector('#room form.factform .error');
      return e && e.textContent.length > 0;
    });
    const msg = await form.locator('.error').textContent();
    assert(msg.startsWith('隔离截止日期：'), `the field's label first: ${msg}`);
    assert(!/[A-Za-z]{3,}/.test(msg), `no English, no raw field: ${msg}`);
    await page.screenshot({ path: path.join(SHOTS, 'messages-field-error.png') });
  });
}

export async function test_accept_from_abroad_offers_quarantine_one_click(browser) {
  await withServer(browser, async (page, url, as) => {
    const cp = await as('checkpoint');
    const doc = 'E31415926';
    const r = await cp.post('/api/v1/screenings', {
      document: doc, document_type: 'passport', name: '境外旅客', phone: '13900000211', origin: '意大利米兰', abroad: true,
      travel: 'MU788', destination: '长宁区江苏路街道岐山村12号601室', temperature: 36.5,
    });
    assert(r.status() === 201, `screened: ${r.status()} ${await r.text()}`);
    const hid = (await r.json()).handover.id;
    await login(page, url, 'qishan', '#compounds');
    await page.goto(url + '/#/inbox');
    const item = page.locator(`#inbox li.handover[data-id="${hid}"]`);
    await item.waitFor({ timeout: 10000 });
    // 7 on a hand-over: the traveller in full, with a reason.
    await item.locator('button.reveal-open').click();
    await item.locator('input.reveal-reason').fill('核实入境人员');
    await item.locator('button.reveal-go').click();
    await item.locator('a.tel').waitFor();
    assert((await item.locator('strong').first().textContent()) === '境外旅客', 'the full name');
    await item.locator('button.accept').click();
    const offer = page.locator('#qoffers .qoffer');
    await offer.waitFor({ timeout: 10000 });
    const offerText = await offer.textContent();
    assert(offerText.includes('14天') && offerText.includes('2020-03-09 → 2020-03-22') && offerText.includes('境外旅客'),
      `fourteen days from arrival, the name as revealed: ${offerText}`);
    await page.screenshot({ path: path.join(SHOTS, 'handover-quarantine-offer.png') });
    const resident = Number(await offer.getAttribute('data-resident'));
    await offer.locator('button.qoffer-go').click();
    await page.waitForFunction(() => document.querySelector('#qoffers .qoffer-done, #qoffers .error'), null, { timeout: 10000 });
    assert(await page.locator('#qoffers .qoffer-done').count() === 1, await offer.textContent());
    const q = await (await as('qishan')).get('/api/v1/quarantines?limit=500');
    const c = q.items.find((x) => x.resident === resident);
    assert(c && c.kind === 'home' && c.from === '2020-03-09', `a case from the day of arrival: ${JSON.stringify(c)}`);
  });
}
