// Issue 13, a committee cadre's day (W13a, items 2, 3, 6, 11, 12): the
// quarantine recorded from a room opens its case (隔离 list, 隔离中 tile)
// and the demo's 隔离中 equals its 橙; a traveller screened for 岐山 shows
// on 岐山's 今日筛查 and 发热预警 tiles; the grid table adds up to the tile
// (未分网格); residents are found by address with a total and a link to
// their room on the map; the whole committee's wall chart prints in one
// click and the legends say what the colours mean.
import path from 'node:path';
import { SHOTS, assert, withDemoServer } from './harness.mjs';

const withServer = withDemoServer;

async function login(page, url, user, password, landed = '#tiles') {
  await page.goto(url + '/');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector(landed);
}

const num = (s) => Number(String(s).replace(/[^0-9]/g, ''));

async function tile(page, sel) {
  return num(await page.textContent(sel));
}

// No English message and no raw code on a Chinese screen.
async function noEnglish(page, what) {
  const text = await page.textContent('#main');
  assert(!/error|forbidden|not_found|bad_value|may not/i.test(text), `${what}: no English error on screen`);
}

export async function test_quarantine_from_the_room_opens_a_case_and_demo_matches(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    await page.waitForSelector('#tasks-card [data-k="quarantine"] .n');
    const orange = await tile(page, '#tiles [data-colour="orange"] .n');
    const inQ = await tile(page, '#tasks-card [data-k="quarantine"] .n');
    assert(orange > 100 && inQ === orange, `demo: 隔离中 ${inQ} equals 橙 ${orange}`);
    await page.screenshot({ path: path.join(SHOTS, 'day-quarantine-equals-orange.png') });
    await page.click('#compounds a:text("岐山村")');
    await page.waitForSelector('#map .cell');
    const cell = page.locator('#map .cell[data-colour="green"]').first();
    const household = await cell.getAttribute('data-household');
    await cell.click();
    await page.waitForSelector('#room .resident');
    await page.click('#room .resident button:text("登记新情况")');
    await page.selectOption('#room form.factform select[name=kind]', 'quarantine');
    await page.selectOption('#room form.factform select[name=qkind]', 'home');
    await page.click('#room form.factform button[type=submit]');
    await page.waitForSelector(`#map .cell[data-household="${household}"][data-colour="orange"]`, { timeout: 15000 });
    await noEnglish(page, 'the map after the quarantine');
    // The case exists: the quarantine list has it, the dashboard counts it.
    await page.click('#tabs a[data-tab=quarantine]');
    await page.waitForSelector('#cases li');
    const cases = await page.evaluate(async () => (await (await fetch('/api/v1/quarantines?state=open&limit=500')).json()).items.length);
    assert(cases === orange + 1, `one more open case: ${cases} cases, ${orange} orange before`);
    await noEnglish(page, 'the quarantine list');
    await page.click('#tabs a[data-tab=dashboard]');
    await page.waitForSelector('#tasks-card [data-k="quarantine"] .n');
    const after = await tile(page, '#tasks-card [data-k="quarantine"] .n');
    const orangeAfter = await tile(page, '#tiles [data-colour="orange"] .n');
    assert(after === inQ + 1 && orangeAfter === orange + 1, `隔离中 ${after}, 橙 ${orangeAfter}`);
  });
}

export async function test_committee_tiles_count_travellers_handed_over_today(browser) {
  await withServer(browser, async (page, url, ctx) => {
    // The checkpoint screens two travellers for 岐山, one with a fever.
    const cp = await ctx.browser().newContext();
    const r = await cp.request.post(url + '/api/v1/session', { data: { username: 'checkpoint', password: 'demo-checkpoint' } });
    const csrf = (await r.json()).csrf;
    for (const [seq, temp] of [[701, 36.5], [702, 38.3]]) {
      const body = { document: idNumber(seq), name: `旅客${seq}`, phone: `13900000${seq}`, origin: '湖北武汉',
        travel: 'G1234', destination: '长宁区江苏路街道岐山村12号601室', temperature: temp };
      const s = await cp.request.post(url + '/api/v1/screenings', { data: body, headers: { 'X-CSRF-Token': csrf } });
      assert(s.status() === 201, `screened: ${s.status()} ${await s.text()}`);
    }
    await cp.close();
    await login(page, url, 'qishan', 'demo-qishan');
    await page.waitForSelector('#checkpoints [data-k="screened"] .n');
    const screened = await tile(page, '#checkpoints [data-k="screened"] .n');
    const fever = await tile(page, '#checkpoints [data-k="fever"] .n');
    assert(screened === 2 && fever === 1, `今日筛查 ${screened}, 发热预警 ${fever}`);
    await page.screenshot({ path: path.join(SHOTS, 'day-committee-arrivals.png') });
  });
}

// A mainland ID number with the right check character (GB 11643).
function idNumber(seq) {
  const body = `420106${'19900101'}${String(seq % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, d, i) => a + Number(d) * w[i], 0);
  return body + '10X98765432'[s % 11];
}

export async function test_grid_table_adds_up_to_the_tile(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    await page.waitForSelector('#children tbody tr');
    const total = await tile(page, '#tiles [data-colour="total"] .n');
    const rows = await page.locator('#children tbody tr td:nth-child(2)').allTextContents();
    const sum = rows.reduce((a, s) => a + num(s), 0);
    assert(sum === total, `grid rows ${sum} = tile ${total}`);
    await page.screenshot({ path: path.join(SHOTS, 'day-grid-table.png'), fullPage: true });
  });
}

export async function test_residents_by_address_with_total_and_map_link(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    await page.click('#tabs a[data-tab=residents]');
    await page.waitForSelector('#residents tbody tr');
    const all = num(await page.textContent('#res-total'));
    const tileTotal = await page.evaluate(async () => (await (await fetch('/api/v1/units/310105002002/counts')).json()).total);
    assert(all === tileTotal, `共 ${all} 人 = the committee's ${tileTotal}`);
    for (const text of ['岐山村1号1802', '岐山村 1号 1802室']) {
      await page.fill('#q', text);
      await page.waitForFunction((n) => {
        const t = document.querySelector('#res-total').textContent;
        return Number(t.replace(/[^0-9]/g, '')) < n;
      }, all);
      const n = num(await page.textContent('#res-total'));
      const addrs = await page.locator('#residents tbody tr a.to-map').allTextContents();
      assert(n > 0 && addrs.length === n, `${text}: ${n} found, ${addrs.length} rows`);
      assert(addrs.every((a) => a.replace(/\s/g, '') === '岐山村1号1-1802'), `${text}: ${addrs.join(' | ')}`);
      const href = await page.getAttribute('#export', 'href');
      assert(href.includes(`q=${encodeURIComponent(text).replace(/%20/g, '+')}`) || href.includes('q='), `the export carries the search: ${href}`);
    }
    const grid = await page.textContent('#residents tbody tr td.grid');
    assert(/网格/.test(grid) && !/^\d+$/.test(grid.trim()), `grid by name: ${grid}`);
    await page.screenshot({ path: path.join(SHOTS, 'day-residents-address.png') });
    const link = page.locator('#residents tbody tr a.to-map').first();
    const hh = (await link.getAttribute('href')).split('/').pop();
    await link.click();
    await page.waitForSelector(`#map .cell.sel[data-household="${hh}"]`);
    await page.waitForSelector('#room .resident');
    await page.screenshot({ path: path.join(SHOTS, 'day-residents-to-room.png') });
  });
}

export async function test_print_the_whole_wall_chart_and_legends_with_meanings(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    const hint = await page.textContent('#tiles [data-colour="red"] .m');
    assert(hint.includes('发热'), `the red tile says what it means: ${hint}`);
    const href = await page.getAttribute('#print-all', 'href');
    assert(href === '/api/v1/units/310105002002/wallchart.pdf', href);
    const res = await page.request.get(url + href);
    assert(res.status() === 200 && res.headers()['content-type'] === 'application/pdf', `PDF ${res.status()}`);
    const pages = ((await res.body()).toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) || []).length;
    assert(pages >= 20, `every compound on numbered sheets: ${pages}`);
    console.log(`     committee wall chart: ${pages} A4 sheets`);
    await page.screenshot({ path: path.join(SHOTS, 'day-dashboard-print-all.png') });
    await page.click('#compounds a:text("岐山村")');
    await page.waitForSelector('#legend');
    const legend = await page.textContent('#legend');
    for (const m of ['发热/疑似/确诊', '隔离观察中', '外出未返']) assert(legend.includes(m), `legend says ${m}: ${legend}`);
    await page.screenshot({ path: path.join(SHOTS, 'day-map-legend.png') });
  });
}
