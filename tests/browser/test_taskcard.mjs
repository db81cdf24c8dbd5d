// Issue 13, item 14 on a 390 px phone (both databases, with the demo): the
// grid worker's task card says 步梯 (walk-up) or 有电梯 beside the floor, as
// the building's `lift` says — 岐山村's old lane houses are walk-up in the
// demo, the other compounds have lifts — and when the committee records a
// lift for one building (POST /api/v1/compounds/{id}/grid {"lift": true})
// the card says so on the next load.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, loginDemo } from './harness.mjs';

export async function test_task_card_says_lift_or_walk_up(browser) {
  const srv = await startServer(demoDatabase());
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const api = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const r = await api.request.post(`${srv.url}/api/v1/session`, { data: { username: 'qishan', password: 'demo-qishan' } });
    const { csrf } = await r.json();
    const get = async (p) => (await api.request.get(srv.url + p)).json();
    const tasks = (await get('/api/v1/tasks?assignee=qishan-grid1&state=active&limit=200')).items.filter((x) => x.household);
    assert(tasks.length, 'grid 1 has household tasks');
    const hh = new Map();
    for (const x of tasks) if (!hh.has(x.household)) hh.set(x.household, await get(`/api/v1/households/${x.household}`));
    const walkUp = tasks.find((x) => hh.get(x.household).lift === false);
    assert(walkUp && hh.get(walkUp.household).compound === '岐山村', `a walk-up household of 岐山村: ${JSON.stringify([...hh.values()].map((h) => [h.compound, h.lift]))}`);

    await loginDemo(page, srv.url, 'qishan-grid1', '#tabs');
    // The list carries each task's household (task.home): the screen asks
    // for no household one by one.
    const perHousehold = [];
    page.on('request', (q) => { if (/\/api\/v1\/households\/\d+$/.test(q.url())) perHousehold.push(q.url()); });
    await page.goto(srv.url + '/#/tasks');
    const card = page.locator(`#tasks li[data-task="${walkUp.id}"]`);
    await card.waitFor({ timeout: 10000 });
    assert(perHousehold.length === 0, `one request per household: ${perHousehold.join(' ')}`);
    const where = await card.locator('.hh-address').textContent();
    assert(/\d+楼 · 步梯 · /.test(where), `floor and walk-up: ${where}`);
    // Every household card says what its building is.
    for (const x of tasks) {
      const text = await page.locator(`#tasks li[data-task="${x.id}"] .hh-address`).textContent();
      const want = hh.get(x.household).lift ? '有电梯' : '步梯';
      assert(text.includes(want), `task ${x.id}: ${text} (want ${want})`);
    }
    // The card is no wider than the phone.
    const width = await card.evaluate((e) => e.getBoundingClientRect().right);
    assert(width <= 390, `the card overflows: ${width}`);
    await page.screenshot({ path: path.join(SHOTS, 'taskcard-walkup.png') });

    // The committee records a lift for that building.
    const h = hh.get(walkUp.household);
    const bld = h.building_id;
    assert(bld, 'the household names its building id');
    const set = await api.request.post(`${srv.url}/api/v1/compounds/${h.compound_id}/grid`,
      { data: { building: bld, lift: true }, headers: { 'X-CSRF-Token': csrf } });
    assert(set.status() === 200, `lift: ${set.status()} ${await set.text()}`);
    await page.reload();
    await card.waitFor({ timeout: 10000 });
    const after = await card.locator('.hh-address').textContent();
    assert(/\d+楼 · 有电梯 · /.test(after), `now with a lift: ${after}`);
  } finally {
    await api.close();
    await ctx.close();
    await srv.stop();
  }
}
