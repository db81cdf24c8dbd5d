// Issue 13 (a cadre's day), screens that refresh themselves (web/poll.js):
// on the hand-over inbox, a reject reason being typed survives the 5 s
// refresh (the list used to be redrawn under it), the refresh comes back
// once the field is empty again, and an older list that answers late never
// replaces the tab the user switched to. (The 任务 screen's own case is in
// test_screens.mjs; the dashboard's in test_day.mjs.)
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, loginDemo } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function screen(browser, url, n) {
  const c = await browser.newContext();
  const r = await c.request.post(`${url}/api/v1/session`, { data: { username: 'checkpoint', password: 'demo-checkpoint' } });
  const { csrf } = await r.json();
  const ids = [];
  for (let i = 0; i < n; i++) {
    const s = await c.request.post(`${url}/api/v1/screenings`, {
      headers: { 'X-CSRF-Token': csrf },
      data: { document: `E2718281${i}`, document_type: 'passport', name: `旅客${i}`, phone: `1390000030${i}`,
        origin: '武汉', destination: '长宁区江苏路街道岐山村12号601室', temperature: 36.5 },
    });
    assert(s.status() === 201, `screened: ${s.status()} ${await s.text()}`);
    ids.push((await s.json()).handover.id);
  }
  await c.close();
  return ids;
}

export async function test_inbox_refresh_keeps_a_reason_being_typed_and_the_newest_tab(browser) {
  const srv = await startServer(demoDatabase(), { CORDON_NOW: '2020-03-09T10:00' });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  try {
    const [hid] = await screen(browser, srv.url, 1);
    const page = await ctx.newPage();
    const lists = [];
    page.on('request', (q) => { if (/\/api\/v1\/handovers\?/.test(q.url())) lists.push(q.url()); });
    await loginDemo(page, srv.url, 'qishan', '#tabs');
    await page.goto(srv.url + '/#/inbox');
    const item = page.locator(`#inbox li.handover[data-id="${hid}"]`);
    await item.waitFor({ timeout: 10000 });
    await item.locator('button.reject').click();
    await item.locator('input.reason').fill('不在本辖区，已电话');
    // The user looks at something else: the field keeps its text, no focus.
    await page.locator('#inbox').evaluate(() => document.activeElement.blur());
    const before = lists.length;
    await sleep(11500); // two refresh periods
    assert(await item.locator('input.reason').inputValue() === '不在本辖区，已电话', 'the reason survives the refresh');
    assert(lists.length === before, `no refresh while the reason is typed: ${lists.length - before}`);
    await page.screenshot({ path: path.join(SHOTS, 'polling-inbox-reason.png') });
    // Emptied again: the refresh comes back.
    await item.locator('input.reason').fill('');
    await page.locator('#inbox').evaluate(() => document.activeElement.blur());
    await sleep(6000);
    assert(lists.length > before, 'the refresh resumes');

    // A pending list held 3 s, the user switches to 已接收 meanwhile: the
    // late pending answer is not drawn over it.
    let held = 0;
    await page.route('**/api/v1/handovers?state=pending*', async (route) => {
      held++;
      const res = await route.fetch();
      await sleep(3000);
      try { await route.fulfill({ response: res }); } catch { /* aborted */ }
    });
    const deadline = Date.now() + 8000;
    while (!held && Date.now() < deadline) await sleep(100);
    assert(held === 1, `a pending refresh went out: ${held}`);
    await page.click('#main button[data-state=accepted]');
    await sleep(4000);
    assert(await item.count() === 0, 'the pending hand-over is not drawn over 已接收');
    assert(await page.locator('#main button[data-state=accepted].on').count() === 1, '已接收 stays chosen');
  } finally {
    await ctx.close();
    await srv.stop();
  }
}
