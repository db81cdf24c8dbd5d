// Problem tickets in headless chromium against a real server with the demo:
// the vehicle maker's own account opens a staff-quarantine ticket from its
// record, its service specialist finds it among its open tickets, accepts
// and closes it, and the maker's history shows the ticket's steps. The
// street sees on the maker's chain graph that its resume-together group
// (the maker and its 8 suppliers) waits for the two closed suppliers.
import path from 'node:path';
import { withDemoServer, loginDemo, SHOTS, assert } from './harness.mjs';

const MAKER = '漕河泾整车制造有限公司';
const NOTE = '外地返沪员工12人待集中隔离';

async function ticketsOfMaker(page) {
  return page.evaluate(async (n) => {
    const list = await (await fetch('/api/v1/enterprises?limit=1000')).json();
    const id = list.items.find((e) => e.name === n).id;
    return (await (await fetch(`/api/v1/enterprises/${id}/tickets`)).json()).items;
  }, MAKER);
}

export async function test_enterprise_opens_a_ticket_and_specialist_closes_it(browser) {
  await withDemoServer(browser, async (page, url) => {
    await loginDemo(page, url, 'enterprise', '#enterprises li.enterprise');
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

    await loginDemo(page, url, 'specialist', '#enterprises li.enterprise');
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
  });
}

export async function test_chain_shows_the_resume_together_group(browser) {
  await withDemoServer(browser, async (page, url) => {
    await loginDemo(page, url, 'specialist', '#enterprises li.enterprise');
    const maker = page.locator('#enterprises li.enterprise', { hasText: MAKER });
    await maker.locator('button.chain-btn').click();
    await page.waitForSelector('#chain-group');
    const api = await page.evaluate(async (n) => {
      const list = await (await fetch('/api/v1/enterprises?limit=1000')).json();
      const id = list.items.find((e) => e.name === n).id;
      return (await fetch(`/api/v1/enterprises/${id}/chain`)).json();
    }, MAKER);
    assert(api.group && api.group.members.length === 9, `the maker and 8 suppliers, got ${JSON.stringify(api.group)}`);
    const waiting = api.group.members.filter((m) => !m.ready).length;
    assert(api.group.waiting === waiting && waiting === 2, `two closed suppliers hold the group, got ${api.group.waiting}`);
    assert(await page.getAttribute('#chain-group', 'data-waiting') === String(waiting), 'the screen says what the API says');
    assert((await page.textContent('#chain-group')).includes(`${waiting}/9`), 'n of 9 shown');
    // The group's members are drawn as diamonds (SVG paths, not circles).
    await page.screenshot({ path: path.join(SHOTS, 'enterprise-group.png') });
  });
}

export async function test_street_sees_workers_and_the_dashboards(browser) {
  await withDemoServer(browser, async (page, url) => {
    await loginDemo(page, url, 'hongmeilu', '#who');
    await page.goto(url + '/#/enterprises');
    await page.waitForSelector('#resumption .tile[data-k=entries]');
    const api = await page.evaluate(async () => (await (await fetch('/api/v1/units/310104012/entries')).json()));
    const shown = await page.getAttribute('#resumption .tile[data-k=entries]', 'data-on-site');
    assert(shown === String(api.on_site), `on site shown ${shown}, API ${api.on_site}`);
    assert(api.normal > 0, `the register's staff are the normal, got ${api.normal}`);
    assert((await page.textContent('#resumption .tile[data-k=entries]')).includes(`/ ${api.normal}`), 'normal shown');
    // The breakdown by industry has as many rows as the API has groups.
    await page.selectOption('#breakdown-by', 'industry');
    const bd = await page.evaluate(async () => (await (await fetch('/api/v1/units/310104012/resumption/breakdown?by=industry')).json()));
    await page.waitForFunction((n) => document.querySelectorAll('#breakdown tbody tr').length === n, bd.groups.length);
    assert(await page.locator('#ticket-summary tbody tr').count() === 6, 'six ticket kinds');
    await page.screenshot({ path: path.join(SHOTS, 'enterprise-dashboards.png'), fullPage: false });
  });
}
