// Return to work in headless chromium against a real server with the demo
// (虹梅路街道, 4,000 enterprises): the vehicle maker's specialist applies
// for a closed supplier with the prevention checklist (refused until every
// measure is ticked), the street approves it from its list of applications
// and sees its resumption rates as the API counts them, and the maker's own
// account reports its staff on site.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert } from './harness.mjs';

const SUPPLIER = '漕河泾汽车配套1厂';

async function withServer(browser, fn) {
  const srv = await startServer(demoDatabase());
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  try {
    await fn(page, srv.url);
  } finally {
    await ctx.close();
    await srv.stop();
  }
}

async function login(page, url, user, password) {
  await page.goto(url + '/');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#who') && document.querySelector('#who').textContent);
}

async function statusOf(page, name) {
  return page.evaluate(async (n) => {
    const r = await fetch('/api/v1/enterprises?limit=1000');
    const b = await r.json();
    const e = b.items.find((x) => x.name === n);
    return e ? e.status : null;
  }, name);
}

async function applyForSupplier(page, url) {
  await login(page, url, 'specialist', 'demo-specialist');
  // No dashboard for a specialist: its page is its enterprises.
  await page.waitForSelector('#enterprises li.enterprise');
  const item = page.locator('#enterprises li.enterprise', { hasText: SUPPLIER });
  assert(await item.getAttribute('data-status') === 'closed', 'the supplier starts closed');
  await item.locator('button.apply').click();
  await page.waitForSelector('#toast:not([hidden])');
  assert(await statusOf(page, SUPPLIER) === 'closed', 'not applied before the checklist is ticked');
  for (const box of await item.locator('input[type=checkbox]').all()) await box.check();
  await item.locator('button.apply').click();
  await page.waitForSelector(`#enterprises li.enterprise[data-status=applied]:has-text("${SUPPLIER}")`);
  assert(await statusOf(page, SUPPLIER) === 'applied', 'applied');
  await page.screenshot({ path: path.join(SHOTS, 'enterprises-apply.png') });
}

export async function test_specialist_applies_and_street_approves(browser) {
  await withServer(browser, async (page, url) => {
    await applyForSupplier(page, url);
    // Logged out once the login form is back (not before: a page loaded
    // while the DELETE is in flight would still hold the session).
    await page.click('#logout');
    await page.waitForSelector('#username');
    await login(page, url, 'hongmeilu', 'demo-hongmeilu');
    await page.goto(url + '/#/enterprises');
    await page.waitForSelector('#resumption .tile[data-k=count] .n');
    // The rates on screen are the API's.
    const api = await page.evaluate(async () => (await (await fetch('/api/v1/units/310104012/resumption')).json()));
    assert(api.enterprises.total === 4000, `4,000 enterprises, got ${api.enterprises.total}`);
    const shown = await page.textContent('#resumption .tile[data-k=count] .n');
    const want = `${Math.round((1000 * api.enterprises.open) / api.enterprises.total) / 10}%`;
    assert(shown === want, `rate shown ${shown}, API ${want}`);
    assert(await page.locator('#large tbody tr').count() === api.large.length, 'every large enterprise listed');
    // The applications are listed first; approve the supplier's.
    const item = page.locator('#enterprises li.enterprise', { hasText: SUPPLIER });
    await item.locator('button.approve').click();
    await page.waitForFunction((n) => ![...document.querySelectorAll('#enterprises li.enterprise')]
      .some((li) => li.textContent.includes(n)), SUPPLIER);
    assert(await statusOf(page, SUPPLIER) === 'approved', 'approved by the street');
    await page.screenshot({ path: path.join(SHOTS, 'enterprises-street.png') });
  });
}

export async function test_enterprise_reports_staff_on_site(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'enterprise', 'demo-enterprise');
    await page.waitForSelector('#enterprises li.enterprise');
    assert(await page.locator('#enterprises li.enterprise').count() === 1, 'only its own record');
    const item = page.locator('#enterprises li.enterprise').first();
    await item.locator('input.on-site').fill('11000');
    await item.locator('button.fully').click();
    await page.waitForFunction(() => document.querySelector('#enterprises li.enterprise')?.textContent.includes('11,000'));
    const n = await page.evaluate(async () => (await (await fetch('/api/v1/enterprises')).json()).items[0].staff_on_site);
    assert(n === 11000, `staff on site ${n}`);
    // More than its staff is refused, and nothing changes.
    await item.locator('input.on-site').fill('99999');
    await item.locator('button.fully').click();
    await page.waitForSelector('#toast:not([hidden])');
    const m = await page.evaluate(async () => (await (await fetch('/api/v1/enterprises')).json()).items[0].staff_on_site);
    assert(m === 11000, `still ${m}`);
  });
}

export async function test_chain_graph_shows_blocked_links_red(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'specialist', 'demo-specialist');
    await page.waitForSelector('#enterprises li.enterprise');
    const maker = page.locator('#enterprises li.enterprise', { hasText: '漕河泾整车制造有限公司' });
    await maker.locator('button.chain-btn').click();
    await page.waitForSelector('#chain-links li');
    const api = await page.evaluate(async () => {
      const list = await (await fetch('/api/v1/enterprises?limit=1000')).json();
      const id = list.items.find((e) => e.name === '漕河泾整车制造有限公司').id;
      return (await fetch(`/api/v1/enterprises/${id}/chain`)).json();
    });
    assert(api.suppliers.length === 8, `8 suppliers, got ${api.suppliers.length}`);
    assert(api.blocked_suppliers === 2, `two closed suppliers block the chain, got ${api.blocked_suppliers}`);
    const red = await page.locator('#chain-links li[data-blocked=true]').count();
    assert(red === 2, `2 blocked links listed, got ${red}`);
    // The graph draws them red (the SVG renderer keeps the stroke colour).
    await page.waitForSelector('#chain-graph svg');
    const strokes = await page.evaluate(() => [...document.querySelectorAll('#chain-graph svg path')]
      .filter((p) => (p.getAttribute('stroke') || '').toLowerCase() === '#d93025').length);
    assert(strokes >= 2, `red links drawn: ${strokes}`);
    await page.screenshot({ path: path.join(SHOTS, 'enterprises-chain.png') });
  });
}
