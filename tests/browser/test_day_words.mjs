// Issue 13's "done when", in the browser on the demo (both databases):
// the 岐山居委会 account (zh-CN) goes through a committee's day — morning
// dashboard, accept two hand-overs, quarantine one household, phone it
// (查看完整信息), record temperatures (one mistyped), print the wall
// chart, export — and no screen shows an English message, a raw code, an
// untranslated key, a bare unit code or undefined/null (words.mjs). The
// same, shorter, for a grid worker's 我的任务 and the street's dashboard.
// Screenshots: day-words-*.png.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, loginDemo, openGreenHousehold } from './harness.mjs';
import { screenChecker } from './words.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function withZh(browser, fn, viewport = { width: 1280, height: 900 }) {
  // The demo's day and clock: the screenings arrive on it.
  const srv = await startServer(demoDatabase(), { CORDON_NOW: '2020-03-09T09:00' });
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  const api = await browser.newContext();
  try {
    await fn(await ctx.newPage(), srv.url, api);
  } finally {
    await api.close();
    await ctx.close();
    await srv.stop();
  }
}

// Two travellers screened at the station for 岐山村 (one from abroad).
async function twoHandovers(api, url) {
  const r = await api.request.post(`${url}/api/v1/session`, { data: { username: 'checkpoint', password: 'demo-checkpoint' } });
  const { csrf } = await r.json();
  const ids = [];
  const people = [
    { document: 'E31415927', document_type: 'passport', name: '归国人员', phone: '13900000401', origin: '意大利米兰',
      abroad: true, travel: 'MU788', destination: '长宁区江苏路街道岐山村12号601室', temperature: 36.6 },
    { document: 'E31415928', document_type: 'passport', name: '外省来沪', phone: '13900000402', origin: '湖北武汉',
      travel: 'G1722', destination: '长宁区江苏路街道岐山村3号201室', temperature: 36.4 },
  ];
  for (const p of people) {
    const s = await api.request.post(`${url}/api/v1/screenings`, { data: p, headers: { 'X-CSRF-Token': csrf } });
    assert(s.status() === 201, `screened: ${s.status()} ${await s.text()}`);
    ids.push((await s.json()).handover.id);
  }
  return ids;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `day-words-${name}.png`), fullPage: false });
}

export async function test_committee_day_without_english_or_raw_codes(browser) {
  await withZh(browser, async (page, url, api) => {
    const words = screenChecker(['qishan']);
    const ids = await twoHandovers(api, url);

    // Morning: the dashboard.
    await loginDemo(page, url, 'qishan', '#tiles');
    await page.waitForSelector('#compounds a');
    await words.check(page, '概览');
    await shot(page, 'dashboard');

    // Two hand-overs accepted (the one from abroad offers its quarantine).
    await page.goto(url + '/#/inbox');
    for (const id of ids) {
      const item = page.locator(`#inbox li.handover[data-id="${id}"]`);
      await item.waitFor({ timeout: 10000 });
      await words.check(page, '交接 (待接收)');
      await item.locator('button.accept').click();
      await item.waitFor({ state: 'detached', timeout: 10000 });
    }
    await sleep(300);
    await words.check(page, '交接 (已接收)');
    await shot(page, 'inbox');

    // One household into home quarantine, from its room on the map.
    await page.goto(url + '/#/dashboard');
    await page.click('#compounds a:text("岐山村")');
    await page.waitForSelector('#map .cell');
    await words.check(page, '六色图');
    const household = await openGreenHousehold(page);
    assert(household, 'a green room with several residents');
    await words.check(page, '房间');
    await page.click('#room button.quarantine-household');
    await page.waitForSelector('#room li.checkin-link', { timeout: 15000 });
    await words.check(page, '房间 (居家隔离)');

    // Phone it: 查看完整信息 with a reason, and the number to call.
    const person = page.locator('#room .resident').first();
    await person.locator('button.reveal-open').click();
    await words.check(page, '房间 (查看完整信息)');
    await person.locator('input.reveal-reason').fill('电话通知居家隔离');
    await person.locator('button.reveal-go').click();
    await person.locator('a.tel').waitFor();
    await words.check(page, '房间 (电话)');
    await shot(page, 'room-phone');

    // Temperatures: one mistyped (the message is Chinese), then right.
    await page.goto(url + '/#/quarantine');
    await page.waitForSelector('#cases li');
    await words.check(page, '隔离');
    const c = page.locator('#cases li').first();
    await c.locator('input[name=temperature]').fill('高烧');
    await c.locator('form.tempform button[type=submit]').click();
    await page.waitForSelector('#toast:not([hidden])');
    await words.check(page, '隔离 (体温填错)');
    await shot(page, 'temperature-error');
    await c.locator('input[name=temperature]').fill('36.6');
    await c.locator('form.tempform button[type=submit]').click();
    await page.waitForFunction(() => /36\.6/.test(document.querySelector('#cases li').innerText), null, { timeout: 10000 });
    await words.check(page, '隔离 (体温)');

    // Print the whole wall chart, and export.
    await page.goto(url + '/#/dashboard');
    await page.waitForSelector('#print-all');
    const pdf = await page.request.get(url + await page.getAttribute('#print-all', 'href'));
    assert(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', `wall chart: ${pdf.status()}`);
    await page.goto(url + '/#/residents');
    await page.waitForSelector('#residents tbody tr');
    await words.check(page, '居民');
    const xlsx = await page.request.get(url + await page.getAttribute('#export', 'href'));
    assert(xlsx.status() === 200 && /spreadsheet/.test(xlsx.headers()['content-type']), `export: ${xlsx.status()}`);
    await shot(page, 'residents');

    // The committee's tasks and overdue board; a compound that is not
    // there and a unit that is not ours (the errors are Chinese too).
    await page.goto(url + '/#/tasks');
    await page.waitForSelector('#tasks li, #no-tasks');
    await words.check(page, '任务');
    await page.goto(url + '/#/board');
    await page.waitForSelector('#board, #main .card p');
    await words.check(page, '超时看板');
    await page.goto(url + '/#/compound/99999999');
    await page.waitForSelector('#main .error, #main .card');
    await sleep(300);
    await words.check(page, '不存在的小区');
    await shot(page, 'not-found');
    await page.goto(url + '/#/unit/310105002003');
    await sleep(800);
    await words.check(page, '别的居委会');

    const found = words.findings();
    assert(found.length === 0, `on screen:\n  ${found.join('\n  ')}`);
  });
}

export async function test_grid_worker_and_street_without_english_or_raw_codes(browser) {
  await withZh(browser, async (page, url) => {
    const words = screenChecker(['qishan-grid1']);
    await loginDemo(page, url, 'qishan-grid1', '#tasks li, #no-tasks');
    await words.check(page, '我的任务');
    const open = page.locator('#tasks li.task.state-open').first();
    if (await open.count()) {
      const id = await open.getAttribute('data-task');
      await open.locator('button.accept').click();
      await page.waitForSelector(`#tasks li[data-task="${id}"].state-accepted`);
      await words.check(page, '我的任务 (接受)');
      await page.locator(`#tasks li[data-task="${id}"] button.done`).click();
      await page.waitForFunction((x) => !document.querySelector(`#tasks li[data-task="${x}"].state-accepted`), id);
      await words.check(page, '我的任务 (完成)');
    }
    await shot(page, 'grid-tasks');
    const found = words.findings();
    assert(found.length === 0, `on screen:\n  ${found.join('\n  ')}`);
  }, { width: 390, height: 844 });
  await withZh(browser, async (page, url) => {
    const words = screenChecker(['jiangsulu']);
    await loginDemo(page, url, 'jiangsulu', '#tiles');
    await page.waitForSelector('#children tbody tr, #compounds a').catch(() => {});
    await words.check(page, '街道概览');
    await shot(page, 'street-dashboard');
    const found = words.findings();
    assert(found.length === 0, `on screen:\n  ${found.join('\n  ')}`);
  });
}
