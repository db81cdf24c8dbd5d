// A returning family into home quarantine in one tap: the committee worker
// opens a room of 岐山村 with several residents, taps "全户居家隔离", every
// resident gets a case and a check-in link, and the room turns orange on
// the compound map.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, openGreenHousehold } from './harness.mjs';

export async function test_whole_household_into_home_quarantine(browser) {
  const srv = await startServer(demoDatabase());
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  try {
    await page.goto(srv.url + '/');
    await page.fill('#username', 'qishan');
    await page.fill('#password', 'demo-qishan');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#compounds');
    await page.click('#compounds a:text("岐山村")');
    await page.waitForSelector('#map .cell');
    // A green room with more than one resident: the button shows there.
    const household = await openGreenHousehold(page);
    assert(household, 'a green room with several residents');
    const residents = await page.locator('#room .resident').count();
    assert(residents >= 2, `several residents: ${residents}`);
    await page.click('#room button.quarantine-household');
    await page.waitForSelector(`#map .cell[data-household="${household}"][data-colour="orange"]`, { timeout: 15000 });
    await page.waitForSelector('#room li.checkin-link');
    const links = await page.locator('#room li.checkin-link').allTextContents();
    assert(links.length === residents, `one link per resident: ${links.length} of ${residents}`);
    assert(links.every((l) => /checkin\.html#[0-9a-f]{64}/.test(l)), `links: ${links}`);
    assert(await page.locator('#room button.quarantine-household').count() === 0, 'the button is gone');
    await page.screenshot({ path: path.join(SHOTS, 'household-quarantine.png') });
  } finally {
    await ctx.close();
    await srv.stop();
  }
}
