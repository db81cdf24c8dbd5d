// Problem tickets in headless chromium against a real server with the demo:
// the vehicle maker's own account opens a staff-quarantine ticket from its
// record, its service specialist finds it among its open tickets, accepts
// and closes it, and the maker's history shows the ticket's steps.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert } from './harness.mjs';

const MAKER = '漕河泾整车制造有限公司';
const NOTE = '外地返沪员工12人待集中隔离';

async function login(page, url, user, password) {
  await page.goto(url + '/');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#who') && document.querySelector('#who').textContent);
}

async function ticketsOfMaker(page) {
  return page.evaluate(async (n) => {
    const list = await (await fetch('/api/v1/enterprises?limit=1000')).json();
    const id = list.items.find((e) => e.name === n).id;
    return (await (await fetch(`/api/v1/enterprises/${id}/tickets`)).json()).items;
  }, MAKER);
}

export async function test_enterprise_opens_a_ticket_and_specialist_closes_it(browser) {
  const srv = await startServer(demoDatabase());
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  try {
    await login(page, srv.url, 'enterprise', 'demo-enterprise');
    await page.waitForSelector('#enterprises li.enterprise');
    const item = page.locator('#enterprises li.enterprise').first();
    await item.locator('button.tickets-btn').click();
    await item.locator('.tk-kind').selectOption('staff_quarantine');
    await item.locator('.tk-note').fill(NOTE);
    await item.locator('button.open-ticket').click();
    await page.waitForSelector(`li.ticket[data-kind=staff_quarantine]:has-text("${NOTE}")`);
    const opened = (await ticketsOfMaker(page)).filter((k) => k.note === NOTE);
    assert(opened.length === 1 && opened[0].state === 'open', `one open ticket, got ${JSON.stringify(opened)}`);
    assert(opened[0].assignee === 'specialist', `assigned to the specialist, got ${opened[0].assignee}`);
    // The enterprise does not work its own ticket: no accept button.
    assert(await item.locator(`li.ticket[data-id="${opened[0].id}"] button.accept`).count() === 0, 'no accept for the enterprise');
    await page.click('#logout');
    await page.waitForSelector('#username');

    await login(page, srv.url, 'specialist', 'demo-specialist');
    const mine = page.locator(`#my-tickets li.ticket[data-id="${opened[0].id}"]`);
    await mine.waitFor();
    await mine.locator('button.accept').click();
    await page.waitForSelector(`#my-tickets li.ticket[data-id="${opened[0].id}"][data-state=accepted]`);
    await page.locator(`#my-tickets li.ticket[data-id="${opened[0].id}"] button.done`).click();
    await page.waitForFunction((id) => !document.querySelector(`#my-tickets li.ticket[data-id="${id}"]`), opened[0].id);
    const after = (await ticketsOfMaker(page)).find((k) => k.id === opened[0].id);
    assert(after.state === 'done', `solved, got ${after.state}`);
    // The maker's history holds the ticket's three steps.
    const maker = page.locator('#enterprises li.enterprise', { hasText: MAKER });
    await maker.locator('button.history-btn').click();
    await page.waitForSelector('ol.history li[data-what=ticket][data-event=done]');
    for (const ev of ['created', 'accepted', 'done']) {
      assert(await maker.locator(`ol.history li[data-what=ticket][data-event=${ev}]`).count() >= 1, `history has ${ev}`);
    }
    await page.screenshot({ path: path.join(SHOTS, 'enterprise-tickets.png') });
  } finally {
    await ctx.close();
    await srv.stop();
  }
}
