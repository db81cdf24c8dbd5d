// Issue 13, item 13 in the browser (both databases, with the demo): the big
// screen of 江苏路街道's operations centre. The street account clicks 大屏模式
// on its dashboard and gets the link; a browser with no session opens it on a
// 1920x1080 screen: dark, the six colours adding up to the street's counts,
// its committees ranked (most attention first), the ticker, all in Chinese
// with no raw code; it redraws itself on its timer, and once the token is
// revoked the next refresh shows that the screen was switched off.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, loginDemo } from './harness.mjs';

const STREET = '310105002';

async function apiAs(browser, url, user) {
  const c = await browser.newContext();
  const r = await c.request.post(`${url}/api/v1/session`, { data: { username: user, password: `demo-${user}` } });
  assert(r.ok(), `login ${user}: ${r.status()}`);
  const { csrf } = await r.json();
  return {
    ctx: c,
    get: async (p) => (await c.request.get(url + p)).json(),
    post: async (p, data) => {
      const res = await c.request.post(url + p, { data, headers: { 'X-CSRF-Token': csrf } });
      return { status: res.status(), body: await res.json() };
    },
  };
}

export async function test_the_street_wall_on_a_big_screen(browser) {
  const srv = await startServer(demoDatabase(), { CORDON_NOW: '2020-03-09T10:00' });
  const street = await apiAs(browser, srv.url, 'jiangsulu');
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  try {
    // 大屏模式 on the street's dashboard gives the link.
    const office = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    let link;
    try {
      const p = await office.newPage();
      await loginDemo(p, srv.url, 'jiangsulu', '#tiles');
      await p.click('#wall-open');
      link = await p.locator('#wall-link').getAttribute('href');
    } finally {
      await office.close();
    }
    assert(/^\/wall\.html#[0-9a-f]{64}$/.test(link), `link ${link}`);
    const listed = (await street.get(`/api/v1/displays?unit=${STREET}`)).items;
    assert(listed.length === 1 && listed[0].name === '江苏路街道疫情防控大屏', JSON.stringify(listed));
    const made = { body: { url: link, id: listed[0].id } };
    const counts = await street.get(`/api/v1/units/${STREET}/counts`);
    const dash = await street.get(`/api/v1/units/${STREET}/dashboard`);

    const page = await ctx.newPage();
    await page.clock.install();
    await page.goto(srv.url + made.body.url);
    await page.waitForSelector('#wall-tiles');
    const tile = async (c) => Number((await page.locator(`.wall-tile[data-colour="${c}"] .n`).innerText()).replace(/[^0-9]/g, ''));
    assert(await tile('total') === counts.total, `total ${await tile('total')} != ${counts.total}`);
    for (const c of ['red', 'orange', 'yellow', 'green', 'blue', 'purple']) {
      assert(await tile(c) === counts.colours[c], `${c}: ${await tile(c)} != ${counts.colours[c]}`);
    }
    // Every committee of the street, one row each, the first one the most in
    // need of attention.
    const rows = await page.locator('#wall-rank tbody tr').count();
    assert(rows === dash.children.length, `rows ${rows} != committees ${dash.children.length}`);
    const scores = await page.locator('#wall-rank tbody tr').evaluateAll((trs) => trs.map(
      (tr) => [...tr.querySelectorAll('td')].slice(1, 4).reduce((s, td) => s + Number(td.textContent.replace(/[^0-9]/g, '')), 0)));
    for (let i = 1; i < scores.length; i++) assert(scores[i - 1] >= scores[i], `not ranked: ${scores}`);
    // Dark, large, Chinese, no raw code and no person.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert(bg === 'rgb(11, 18, 32)', `background ${bg}`);
    const size = await page.locator('.wall-tile .n').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert(size >= 60, `figures of ${size}px cannot be read across a room`);
    const text = await page.locator('#wall').innerText();
    for (const raw of ['handover', 'task', 'escalated', 'created', 'wall.', 'undefined', 'null', 'NaN']) {
      assert(!text.includes(raw), `raw "${raw}" on the wall: ${text.slice(0, 300)}`);
    }
    assert(text.includes('江苏路街道') && text.includes('需要关注') && text.includes('最近一小时'), text.slice(0, 200));
    await page.screenshot({ path: path.join(SHOTS, 'wall.png') });

    // It redraws itself on its timer ...
    const drawn = Number(await page.locator('#wall').getAttribute('data-drawn'));
    await page.clock.runFor(11000);
    await page.waitForFunction((n) => Number(document.getElementById('wall').dataset.drawn) > n, drawn);
    // ... until the token is revoked: then it says so, in Chinese.
    const off = await street.post(`/api/v1/displays/${made.body.id}/revoke`, {});
    assert(off.status === 200, `revoke: ${off.status}`);
    await page.clock.runFor(11000);
    await page.waitForSelector('#wall-message');
    const msg = await page.locator('#wall-message').innerText();
    assert(msg.includes('已停用'), msg);
    await page.screenshot({ path: path.join(SHOTS, 'wall-revoked.png') });
  } finally {
    await ctx.close();
    await street.ctx.close();
    await srv.stop();
  }
}
