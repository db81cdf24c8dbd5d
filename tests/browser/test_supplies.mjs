// Masks by reservation (issue 15) in headless chromium against a real
// server with the demo's 中海寰宇 campaign: a household opens its own page
// from its link on a 390 px phone with no account, books the masks, sees its
// pickup code and asks for help; a committee worker at the pickup screen
// hands the masks out against that code, and the same code a second time is
// refused.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { demoDatabase, startServer, SHOTS, BIN, TODAY, assert } from './harness.mjs';

const COMMITTEE = '310112108064'; // 中海寰宇居委会
const PASSWORD = 'pw-zhonghai-2020';

function addCommitteeUser(db) {
  execFileSync(BIN, ['user', 'add', 'zhonghai', '--role', 'committee', '--unit', COMMITTEE,
    '--password-stdin', '--db', db], { input: `${PASSWORD}\n`, env: { ...process.env, CORDON_TODAY: TODAY } });
}

async function login(page, url) {
  await page.goto(url + '/');
  await page.fill('#username', 'zhonghai');
  await page.fill('#password', PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#tabs:not([hidden])');
}

// The link of the last household of 中海寰宇 (the demo booked masks for the
// first 1,194 of its 1,200), issued through the API as the committee.
async function issueLink(page) {
  return page.evaluate(async () => {
    const api = await import('/api.js');
    const cs = await api.get('/api/v1/compounds?limit=100');
    const zh = cs.items.find((c) => c.name === '中海寰宇');
    const c = await api.get(`/api/v1/compounds/${zh.id}`);
    const last = c.households.map((h) => h.id).sort((a, b) => a - b).pop();
    return api.post(`/api/v1/households/${last}/link`);
  });
}

export async function test_household_books_on_its_phone_page_and_the_point_hands_out(browser) {
  const db = demoDatabase();
  addCommitteeUser(db);
  const srv = await startServer(db);
  const staffCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  try {
    const staff = await staffCtx.newPage();
    await login(staff, srv.url);
    const link = await issueLink(staff);
    assert(link.link.startsWith('/h/') && link.code.length === 8, `a link and a code: ${JSON.stringify(link)}`);

    // The household's phone, no account.
    const phone = await phoneCtx.newPage();
    await phone.goto(srv.url + link.link);
    const item = phone.locator('#hh-campaigns li.campaign').first();
    await item.waitFor();
    const text = await item.textContent();
    assert(text.includes('口罩'), `the mask campaign is offered: ${text}`);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 400, `no sideways page scroll at 390 px: ${width}`);
    const book = item.locator('button');
    const box = await book.boundingBox();
    assert(box.height >= 40, `a button for a thumb: ${box.height}`);
    await book.click();
    await phone.waitForSelector('#hh-campaigns .pickup-code');
    const codeText = await phone.textContent('#hh-campaigns .pickup-code');
    const code = codeText.trim().split(/\s+/).pop();
    assert(/^[2-9A-Z]{8}$/.test(code), `a pickup code on the page: ${codeText}`);
    // A request for help goes out as a task.
    await phone.selectOption('#hh-kind', 'medicine');
    await phone.fill('#hh-note', '降压药');
    await phone.click('#hh-help button[type=submit]');
    await phone.waitForSelector('#hh-help-msg.result.ok');
    await phone.screenshot({ path: path.join(SHOTS, 'phone-household.png'), fullPage: true });
    // The short code opens the same page.
    await phone.goto(`${srv.url}/h/${link.code.toLowerCase()}`);
    await phone.waitForSelector('#hh-campaigns .pickup-code');

    // The pickup screen: hand out once, refuse twice.
    const before = await staff.evaluate(async () => {
      const api = await import('/api.js');
      const list = await api.get('/api/v1/campaigns');
      return list.items.find((c) => c.item === '口罩').counts.picked_up;
    });
    await staff.click('#tabs a[data-tab="supplies"]');
    await staff.waitForSelector('#sup-code');
    await staff.fill('#sup-code', code.toLowerCase());
    await staff.click('#sup-pickup button[type=submit]');
    await staff.waitForSelector('#sup-result.result.ok');
    await staff.waitForSelector('#sup-campaign [data-count="sup.picked"]');
    const picked = await staff.textContent('#sup-campaign [data-count="sup.picked"] .big-number');
    assert(Number(picked.replace(/,/g, '')) === before + 1, `${before} collected in the demo, and this one: ${picked}`);
    await staff.screenshot({ path: path.join(SHOTS, 'supplies-pickup.png'), fullPage: true });
    await staff.fill('#sup-code', code);
    await staff.click('#sup-pickup button[type=submit]');
    await staff.waitForSelector('#sup-result.result.error');
    const err = await staff.textContent('#sup-result');
    assert(/already|collected|领取/.test(err), `the second pickup is refused: ${err}`);
    // The help request is a task at the household.
    const tasks = await staff.evaluate(async () => (await (await fetch('/api/v1/tasks?limit=500')).json()).items);
    assert(tasks.some((t) => t.kind === 'medicine' && t.title.includes('居民求助')), 'the help request is a task');
  } finally {
    await staffCtx.close();
    await phoneCtx.close();
    await srv.stop();
  }
}

// The committee's screens: the campaign list (the demo's mask campaign with
// its live counts), a new draw campaign opened through the form with a
// pickup point's hours, its draw run with a seed that the page then shows
// with the method, and the counts by point and grid with the export links.
export async function test_committee_lists_opens_and_draws_a_campaign(browser) {
  const db = demoDatabase();
  addCommitteeUser(db);
  const srv = await startServer(db);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  try {
    const page = await ctx.newPage();
    await login(page, srv.url);
    await page.goto(srv.url + '/#/supplies');
    const row = page.locator('#sup-list tr[data-campaign]').first();
    await row.waitFor();
    const text = await row.textContent();
    assert(text.includes('口罩') && text.includes('先到先得'), `the demo's campaign is listed: ${text}`);
    const demoId = await row.getAttribute('data-campaign');

    const day = new Date(`${TODAY}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() - 1);
    const yesterday = day.toISOString().slice(0, 10);
    await page.click('#sup-new-open');
    await page.fill('#sup-new [name=item]', '消毒液');
    await page.fill('#sup-new [name=measure]', '瓶');
    await page.fill('#sup-new [name=stock]', '20');
    await page.fill('#sup-new [name=opens]', yesterday);
    await page.fill('#sup-new [name=closes]', yesterday);
    await page.selectOption('#sup-new [name=allocation]', 'draw');
    await page.fill('#sup-new [name=pickup_days]', '2');
    await page.fill('#sup-new [name=p-name]', '居委会');
    await page.fill('#sup-new [name=p-stock]', '20');
    await page.fill('#sup-new [name=p-hours]', '08:00-17:00');
    await page.click('#sup-new button[type=submit]');
    await page.waitForSelector('#sup-draw-seed');
    const hours = await page.textContent('#sup-points tr[data-point]');
    assert(hours.includes('08:00-17:00'), `the point's hours: ${hours}`);
    const rules = await page.textContent('#sup-campaign > p.muted');
    assert(rules.includes('摇号') && rules.includes('2 天'), `allocation and pickup days: ${rules}`);
    await page.fill('#sup-draw-seed', '20200309');
    await page.click('#sup-draw button[type=submit]');
    await page.waitForSelector('#sup-seed');
    const seed = await page.textContent('#sup-seed');
    const method = await page.textContent('#sup-method');
    assert(seed === '20200309' && method.includes('splitmix64'), `seed and method shown: ${seed} ${method}`);
    await page.screenshot({ path: path.join(SHOTS, 'supplies-draw.png'), fullPage: true });

    // The demo's campaign: counts by grid, the pharmacy's list to export.
    await page.goto(`${srv.url}/#/supplies/${demoId}`);
    await page.waitForSelector('#sup-units tbody tr');
    const booked = await page.textContent('#sup-campaign [data-count="sup.booked"] .big-number');
    assert(Number(booked.replace(/,/g, '')) === 1194, `1,194 bookings in the demo: ${booked}`);
    const href = await page.getAttribute('#sup-points tr[data-point] a', 'href');
    assert(/\/list\.xlsx\?point=\d+$/.test(href), `a point's list: ${href}`);
    const status = await page.evaluate(async (h) => (await fetch(h)).status, href);
    assert(status === 200, `the list downloads: ${status}`);
    await page.screenshot({ path: path.join(SHOTS, 'supplies-campaign.png'), fullPage: true });
  } finally {
    await ctx.close();
    await srv.stop();
  }
}
