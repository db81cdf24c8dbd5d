// Staff sent down (issue 14) in the browser, on the demo: the street
// 江苏路街道 opens 下沉干部 and sees its 今日在岗 board (its own service
// station and 岐山居委会's post with the community helper on duty, the
// totals); a bad staff sheet is refused with its line; the home unit
// 市卫健委 (weijianwei) lands on its own staff, each with the post they are
// at, and no other office's. The helper signs in on a phone through the link
// the street makes: 岐山's board counts them signed in; the same link at
// another post is refused.
import path from 'node:path';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SHOTS, TODAY, demoDatabase, startServer, assert } from './harness.mjs';

async function login(browser, url, name) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(url + '/');
  await page.fill('#username', name);
  await page.fill('#password', `demo-${name}`);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#tabs:not([hidden])');
  return { ctx, page };
}

// 江苏路街道 on 下沉干部, its 今日在岗 board drawn.
async function streetBoard(browser, url) {
  const { ctx, page } = await login(browser, url, 'jiangsulu');
  await page.goto(url + '/#/staff');
  await page.waitForSelector('#staffing tbody tr');
  return { ctx, page };
}

export async function test_the_street_board_and_the_home_units_own_staff(browser) {
  const srv = await startServer(demoDatabase());
  try {
    const { ctx, page } = await streetBoard(browser, srv.url);
    const rows = await page.locator('#staffing tbody tr td:first-child').allTextContents();
    assert(rows.includes('岐山居委会'), `岐山居委会's post on the street's board: ${rows}`);
    assert(rows.some((r) => r.startsWith('江苏路街道')), `the street's service station: ${rows}`);
    const qishan = page.locator('#staffing tbody tr', { hasText: '岐山居委会' });
    const day = await qishan.locator('td').nth(2).textContent();
    assert(day === '1/2', `岐山: one of two by day (the community helper): ${day}`);
    assert((await qishan.getAttribute('class')).includes('gap'), '岐山 is below its minimum');
    const totals = await page.textContent('#staffing-totals');
    assert(/个岗位/.test(totals), `totals: ${totals}`);
    await page.screenshot({ path: path.join(SHOTS, 'staff-board-street.png') });
    // A bad sheet: nothing imported, the line named.
    const dir = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), 'cordon-staff-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, '姓名,手机号,派出单位,批次,技能\n甲,13912345678,没有这个单位,1,\n');
    await page.click('#staff-show-import');
    await page.setInputFiles('#staff-file', bad);
    await page.click('#staff-body form button[type=submit]');
    await page.waitForSelector('#staff-import-result table td');
    const line = await page.locator('#staff-import-result td').first().textContent();
    assert(line === '2', `the bad row's line: ${line}`);
    await ctx.close();

    const home = await login(browser, srv.url, 'weijianwei');
    await home.page.waitForSelector('#staff-list tbody tr');
    const homes = new Set(await home.page.locator('#staff-list tbody tr td:nth-child(3)').allTextContents());
    assert(homes.size === 1 && homes.has('市卫健委'), `only 市卫健委's staff: ${[...homes]}`);
    const where = await home.page.locator('#staff-list tbody tr td.where').first().textContent();
    assert(where.length > 0, 'each with the post they are at');
    assert(await home.page.locator('#tabs a[data-perm="counts"]').isHidden(), 'no dashboard for a home unit');
    await home.page.screenshot({ path: path.join(SHOTS, 'staff-home-unit.png') });
    await home.ctx.close();

    // The street makes the helper's link; the helper opens it on a phone.
    const street = await login(browser, srv.url, 'jiangsulu');
    const link = await street.page.evaluate(async () => {
      const csrf = sessionStorage.getItem('cordon.csrf');
      const staff = await (await fetch('/api/v1/staff?unit=310105002002&limit=1000')).json();
      const helper = staff.items.find((s) => s.deployment && s.deployment.post === '岐山居委会');
      const r = await fetch(`/api/v1/deployments/${helper.deployment.id}/link`, { method: 'POST', headers: { 'X-CSRF-Token': csrf } });
      return (await r.json()).url;
    });
    assert(/^\/sign\.html\?post=\d+#[0-9a-f]{64}$/.test(link), `the link: ${link}`);
    const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const phone = await phoneCtx.newPage();
    await phone.goto(srv.url + link.replace('?post=', '?post=999999'));
    await phone.click('#sign-in');
    await phone.waitForSelector('#sign-msg.error');
    const refused = await phone.textContent('#sign-msg');
    assert(refused.includes('未被派驻'), `another post refused: ${refused}`);
    await phone.goto('about:blank');
    await phone.goto(srv.url + link);
    await phone.click('#sign-in');
    await phone.waitForSelector('#sign-msg.ok');
    const ok = await phone.textContent('#sign-msg');
    assert(ok.includes('岐山居委会'), `signed in: ${ok}`);
    await phone.screenshot({ path: path.join(SHOTS, 'staff-phone-sign-in.png') });
    await phoneCtx.close();
    const signed = await street.page.evaluate(async () => {
      const s = await (await fetch('/api/v1/units/310105002002/staffing')).json();
      return s.items.find((p) => p.name === '岐山居委会').signed_in;
    });
    assert(signed === 1, `岐山's board counts the helper signed in: ${signed}`);
    await street.ctx.close();
  } finally {
    await srv.stop();
  }
}

// The demo's community helper of 岐山 (qishan-helper, an account that
// follows its deployment) on a phone: it lands on 我的任务 with the rubbish
// round of 岐山第三网格 assigned to it, and signs in at its post with its
// own account (no link); a second 签到 is refused.
export async function test_the_deployed_helper_has_its_rubbish_round_and_signs_in(browser) {
  const srv = await startServer(demoDatabase());
  try {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const page = await ctx.newPage();
    await page.goto(srv.url + '/');
    await page.fill('#username', 'qishan-helper');
    await page.fill('#password', 'demo-qishan-helper');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#tasks li[data-kind="rubbish"]');
    const n = await page.locator('#tasks li[data-kind="rubbish"]').count();
    assert(n > 0, `the rubbish round on the helper's list: ${n}`);
    assert(await page.locator('#tabs a[data-perm="counts"]').isHidden(), 'no dashboard for a helper');
    await page.click('#sign-in');
    await page.waitForSelector('#sign-msg.ok');
    const done = await page.textContent('#sign-msg');
    assert(done.includes('岐山居委会'), `signed in at the post: ${done}`);
    await page.click('#sign-in');
    await page.waitForSelector('#sign-msg.error');
    const again = await page.textContent('#sign-msg');
    assert(again.includes('已签到'), `a second sign-in refused: ${again}`);
    await page.screenshot({ path: path.join(SHOTS, 'staff-helper-tasks.png') });
    await ctx.close();
  } finally {
    await srv.stop();
  }
}

// A post's page: the street opens 岐山居委会 from its board and sees the
// week's roster (the community helper on today's day shift, below the
// minimum of two), writes a hand-over note for the next shift and sees it
// listed; the city sees the team at an exit of 上海站 drawn from three home
// units, its lead marked.
export async function test_a_posts_roster_notes_and_team(browser) {
  const srv = await startServer(demoDatabase());
  try {
    const { ctx, page } = await streetBoard(browser, srv.url);
    await page.click('#staffing a:text-is("岐山居委会")');
    await page.waitForSelector('#roster');
    const today = page.locator(`#roster tr[data-shift="day"] td[data-date="${TODAY}"]`);
    assert((await today.getAttribute('class')).includes('gap'), 'today below the minimum');
    const count = await today.locator('.num').textContent();
    assert(count === '1/2', `one of two today: ${count}`);
    await page.fill('#note-text', '3号楼垃圾已清运，5号楼待收');
    await page.click('#note-form button[type=submit]');
    await page.waitForSelector('#notes li');
    const note = await page.textContent('#notes li');
    assert(note.includes('5号楼待收') && note.includes('jiangsulu'), `the note listed: ${note}`);
    await page.click('#week-next');
    await page.waitForFunction((d) => !document.querySelector(`#roster td[data-date="${d}"]`), TODAY);
    await page.screenshot({ path: path.join(SHOTS, 'staff-post-roster.png') });
    await ctx.close();

    const city = await login(browser, srv.url, 'admin');
    const id = await city.page.evaluate(async () => {
      const s = await (await fetch('/api/v1/units/310106/staffing')).json();
      return s.items.find((p) => p.name === '上海站 南出口').post;
    });
    await city.page.goto(`${srv.url}/#/staff/post/${id}`);
    await city.page.waitForSelector('#teams .team');
    const team = await city.page.textContent('#teams .team');
    for (const home of ['市公安局', '市城管执法局', '静安区政府办']) assert(team.includes(home), `${home} in the team: ${team}`);
    assert(await city.page.locator('#teams .team span.lead').count() === 1, 'one lead');
    await city.ctx.close();
  } finally {
    await srv.stop();
  }
}

// The counts: the street sees the staff it received by kind of post; the
// home unit 市卫健委 sees only its own staff, by batch, and their hours.
export async function test_the_counts_of_a_street_and_of_a_home_unit(browser) {
  const srv = await startServer(demoDatabase());
  try {
    const { ctx, page } = await streetBoard(browser, srv.url);
    await page.click('#staff-show-counts');
    await page.waitForSelector('#staff-by-kind tbody tr');
    const heading = await page.locator('#staff-body h2').nth(1).textContent();
    assert(/接收下沉人员 [1-9]/.test(heading), `the street received some: ${heading}`);
    const streets = await page.locator('#staff-by-street tbody td:first-child').allTextContents();
    assert(streets.length === 1 && streets[0] === '江苏路街道', `the street by its name: ${streets}`);
    const districts = await page.locator('#staff-by-district tbody td:first-child').allTextContents();
    assert(districts.length === 1 && districts[0] === '长宁区', `the district by its name: ${districts}`);
    await ctx.close();

    const home = await login(browser, srv.url, 'weijianwei');
    await home.page.waitForSelector('#staff-list tbody tr');
    await home.page.click('#staff-show-counts');
    await home.page.waitForSelector('#staff-sent tbody tr');
    const homes = new Set(await home.page.locator('#staff-sent tbody tr td:first-child').allTextContents());
    assert(homes.size === 1 && homes.has('市卫健委'), `only its own: ${[...homes]}`);
    assert(await home.page.locator('#staff-hours').count() === 1, 'the hours table');
    await home.page.screenshot({ path: path.join(SHOTS, 'staff-counts-home-unit.png') });
    await home.ctx.close();
  } finally {
    await srv.stop();
  }
}

// The street's dashboard has a staffing tile: 岐山居委会's post is short
// today (one of two), linked to the 今日在岗 board.
export async function test_the_dashboard_tile_of_staffing_gaps(browser) {
  const srv = await startServer(demoDatabase());
  try {
    const { ctx, page } = await login(browser, srv.url, 'jiangsulu');
    await page.waitForSelector('#staffing-tile:not([hidden]) [data-k="posts-short"] .n');
    const short = Number(await page.textContent('#staffing-tile [data-k="posts-short"] .n'));
    assert(short >= 1, `posts short on the street's dashboard: ${short}`);
    await page.click('#staffing-tile a[href="#/staff"]');
    await page.waitForSelector('#staffing tbody tr');
    await ctx.close();
    const viewer = await login(browser, srv.url, 'viewer');
    await viewer.page.waitForSelector('#tiles');
    assert(await viewer.page.locator('#staffing-tile:not([hidden])').count() === 0, 'no tile for the viewer');
    await viewer.ctx.close();
  } finally {
    await srv.stop();
  }
}

// 在岗人员 (Y14): the street sees each post with who is on duty by shift,
// the posts short first, 岐山居委会's community helper by name with their
// home unit; the city admin sees counts by kind of post only; the home unit
// 市卫健委 sees its own people by kind, without minimums.
export async function test_who_is_where_by_post_and_by_kind(browser) {
  const srv = await startServer(demoDatabase());
  try {
    const { ctx, page } = await streetBoard(browser, srv.url);
    await page.click('#staff-show-onduty');
    await page.waitForSelector('#onduty tbody tr');
    const gaps = await page.locator('#onduty tbody tr').evaluateAll((rows) => rows.map((r) => r.classList.contains('gap')));
    assert(gaps.indexOf(false) === -1 || gaps.indexOf(true) === -1 || gaps.lastIndexOf(true) < gaps.indexOf(false), `gaps first: ${gaps}`);
    const qishan = page.locator('#onduty tbody tr', { hasText: '岐山居委会' }).first();
    const people = await qishan.locator('td[data-shift="day"] li').allTextContents();
    assert(people.length >= 1 && people.every((p) => p.includes('·')), `岐山's day shift by name and home unit: ${people}`);
    const totals = await page.textContent('#onduty-totals');
    assert(/已签到/.test(totals), `totals: ${totals}`);
    // Arrivals and departures: the counts above the table are the people
    // marked 今日到岗 / 今日离岗 beside their names.
    const moves = (await page.textContent('#onduty-moves')).match(/^今日到岗 (\d+) 人，今日离岗 (\d+) 人$/);
    assert(moves, `moves: ${await page.textContent('#onduty-moves')}`);
    const arriving = await page.locator('#onduty .badge.arriving').count();
    const leaving = await page.locator('#onduty .badge.leaving').count();
    assert(Number(moves[1]) === arriving && Number(moves[2]) === leaving,
      `moves ${moves[0]} against the names marked: ${arriving} arriving, ${leaving} leaving`);
    await page.screenshot({ path: path.join(SHOTS, 'staff-onduty-street.png') });
    await ctx.close();

    const city = await login(browser, srv.url, 'admin');
    await city.page.goto(srv.url + '/#/staff');
    await city.page.waitForSelector('#staffing tbody tr, #staff-body p');
    await city.page.click('#staff-show-onduty');
    await city.page.waitForSelector('#onduty-kinds tbody tr');
    assert(await city.page.locator('#onduty').count() === 0, 'no people at the city level');
    const kinds = await city.page.locator('#onduty-kinds tbody tr').count();
    assert(kinds >= 2, `the city by kind of post: ${kinds}`);
    await city.page.screenshot({ path: path.join(SHOTS, 'staff-onduty-city.png') });
    await city.ctx.close();

    const home = await login(browser, srv.url, 'weijianwei');
    await home.page.waitForSelector('#staff-list tbody tr');
    await home.page.click('#staff-show-onduty');
    await home.page.waitForSelector('#onduty-kinds tbody tr');
    const minimum = await home.page.locator('#onduty-kinds tbody tr td').nth(3).textContent();
    assert(minimum === '—', `no minimums for a home unit: ${minimum}`);
    await home.ctx.close();
  } finally {
    await srv.stop();
  }
}
