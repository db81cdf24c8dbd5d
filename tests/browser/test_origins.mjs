// Issue 13, item 9 in the browser (both databases, with the demo): the
// district keeps the high-risk origins on its 交接 page — it adds 温州苍南
// (central quarantine, 14 days) beside the demo's 湖北 and 温州 — and when
// 岐山居委会 accepts a traveller from 浙江温州苍南 the quarantine the rule calls
// for is offered prefilled (集中隔离, from the day of arrival to the 14th
// day), one click, and the case is in GET /api/v1/quarantines as such.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, loginDemo as login } from './harness.mjs';

export async function test_high_risk_origin_offers_its_quarantine(browser) {
  const srv = await startServer(demoDatabase(), { CORDON_NOW: '2020-03-09T10:00' });
  const url = srv.url;
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const api = await browser.newContext();
  try {
    const page = await ctx.newPage();
    // The district's table, on its inbox page.
    await login(page, url, 'changning', '#tabs');
    await page.goto(url + '/#/inbox');
    await page.locator('#origins tr[data-origin]').first().waitFor({ timeout: 10000 });
    const before = await page.locator('#origins tbody').innerText();
    assert(before.includes('湖北') && before.includes('集中隔离'), `the demo's rules: ${before}`);
    await page.fill('#origin-pattern', '温州苍南');
    await page.selectOption('#origin-kind', 'central');
    await page.fill('#origin-days', '14');
    await page.fill('#origin-note', '区防控办通知');
    await page.click('#origin-add');
    await page.waitForFunction(() => document.querySelector('#origins tbody').textContent.includes('温州苍南'));
    // A bad rule says why, in Chinese, with the field's label.
    await page.fill('#origin-pattern', '杭州');
    await page.fill('#origin-days', '0');
    await page.click('#origin-add');
    await page.waitForFunction(() => document.getElementById('origins-msg').textContent.length > 0);
    const err = await page.locator('#origins-msg').innerText();
    assert(!/[a-z]{4,}/.test(err), `a Chinese message: ${err}`);
    await page.screenshot({ path: path.join(SHOTS, 'origins-table.png'), fullPage: true });

    // A traveller from 浙江温州苍南 for 岐山村.
    const r0 = await api.request.post(`${url}/api/v1/session`, { data: { username: 'checkpoint', password: 'demo-checkpoint' } });
    const { csrf } = await r0.json();
    const r = await api.request.post(`${url}/api/v1/screenings`, {
      data: { document: 'E27182818', document_type: 'passport', name: '苍南旅客', phone: '13900000311', origin: '浙江温州苍南',
        travel: 'G7352', destination: '长宁区江苏路街道岐山村12号601室', temperature: 36.5 },
      headers: { 'X-CSRF-Token': csrf },
    });
    assert(r.status() === 201, `screened: ${r.status()} ${await r.text()}`);
    const hid = (await r.json()).handover.id;

    const q = await ctx.newPage();
    await ctx.clearCookies();
    await login(q, url, 'qishan', '#compounds');
    await q.goto(url + '/#/inbox');
    const item = q.locator(`#inbox li.handover[data-id="${hid}"]`);
    await item.waitFor({ timeout: 10000 });
    const badge = await item.locator('.badge.risk').innerText();
    assert(badge.includes('温州苍南'), `the risk badge: ${badge}`);
    await item.locator('button.accept').click();
    const offer = q.locator('#qoffers .qoffer');
    await offer.waitFor({ timeout: 10000 });
    const text = await offer.textContent();
    assert(text.includes('温州苍南') && text.includes('集中隔离') && text.includes('2020-03-09 → 2020-03-22'), `the offer: ${text}`);
    assert(await offer.locator('select.qoffer-kind').inputValue() === 'central', 'central prefilled');
    await q.screenshot({ path: path.join(SHOTS, 'origins-offer.png') });
    const resident = Number(await offer.getAttribute('data-resident'));
    await offer.locator('input.qoffer-facility').fill('长宁区集中隔离点一');
    await offer.locator('button.qoffer-go').click();
    await q.waitForFunction(() => document.querySelector('#qoffers .qoffer-done, #qoffers .error'), null, { timeout: 10000 });
    assert(await q.locator('#qoffers .qoffer-done').count() === 1, await offer.textContent());
    const cases = await (await q.request.get(`${url}/api/v1/quarantines?limit=500`)).json();
    const c = cases.items.find((x) => x.resident === resident);
    assert(c && c.kind === 'central' && c.from === '2020-03-09' && c.until === '2020-03-22', `the case: ${JSON.stringify(c)}`);
  } finally {
    await api.close();
    await ctx.close();
    await srv.stop();
  }
}
