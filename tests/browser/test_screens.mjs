// Issue 13, items 10 and 14 in the browser (both databases, with the demo):
// 10 the committee creates and assigns a task (gate duty at a place of the
//    demo) from its 任务 screen, and adds one resident by hand on the
//    import page, a bad document number answered in Chinese with the
//    field's label;
// 14 the grid worker's task card of a household: the floor, the address
//    line with 导航, the household's people with 查看完整信息 for the
//    phone, and tasks of one stairwell grouped under it.
import path from 'node:path';
import { demoDatabase, startServer, SHOTS, assert, loginDemo as login } from './harness.mjs';

async function withServer(browser, fn, viewport = { width: 1280, height: 900 }) {
  const srv = await startServer(demoDatabase());
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await ctx.newPage();
  const api = await browser.newContext();
  try {
    await fn(page, srv.url, api);
  } finally {
    await api.close();
    await ctx.close();
    await srv.stop();
  }
}

export async function test_committee_creates_a_task_and_adds_a_resident(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', '#compounds');
    await page.click('#tabs a[data-tab=tasks]');
    const form = page.locator('#task-new');
    await form.waitFor();
    await form.locator('select[name=kind]').selectOption('gate');
    assert((await form.locator('input[name=title]').inputValue()) === '道口值守', 'the description prefilled');
    await form.locator('select[name=place]').selectOption({ label: '岐山菜场' });
    await form.locator('input[name=deadline]').fill('2020-03-09T20:00');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('#tn-ok').textContent.length > 0, null, { timeout: 10000 });
    const tasks = await page.evaluate(async () => (await (await fetch('/api/v1/tasks?state=active&limit=500')).json()).items);
    const made = tasks.find((x) => x.title === '道口值守' && x.where && x.where.includes('岐山菜场'));
    assert(made && made.deadline.startsWith('2020-03-09T20:00'), `the task exists: ${JSON.stringify(made)}`);
    assert(made.kind === 'gate_duty' && made.kind_label === '道口值守', `a kind of its own: ${made.kind}`);
    // The list filters by kind, and the card names the kind in Chinese.
    await page.selectOption('#task-kind-filter', 'gate_duty');
    await page.waitForFunction(() => [...document.querySelectorAll('#tasks li.task')].every((li) => li.dataset.kind === 'gate_duty')
      && document.querySelectorAll('#tasks li.task').length > 0, null, { timeout: 10000 });
    const card = await page.locator(`#tasks li[data-task="${made.id}"]`).innerText();
    assert(card.includes('道口值守') && !card.includes('gate_duty'), `the card: ${card}`);
    await page.screenshot({ path: path.join(SHOTS, 'screens-task-new.png'), fullPage: true });

    await page.click('#tabs a[data-tab=import]');
    const rn = page.locator('#resident-new');
    await rn.waitFor();
    await rn.locator('input[name=name]').fill('手工登记');
    await rn.locator('input[name="doc_no"]').fill('310105198001011230');
    await rn.locator('input[name="address.compound"]').fill('岐山村');
    await rn.locator('input[name="address.building"]').fill('1');
    await rn.locator('input[name="address.room"]').fill('101');
    await rn.locator('button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('#rn-error').textContent.length > 0, null, { timeout: 10000 });
    const err = await page.textContent('#rn-error');
    assert(err.startsWith('证件号码：') && !/[A-Za-z]{3,}/.test(err), `in Chinese with the label: ${err}`);
    await rn.locator('select[name=doc_type]').selectOption('passport');
    await rn.locator('input[name="doc_no"]').fill('E27182818');
    await rn.locator('button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('#rn-ok').textContent.length > 0, null, { timeout: 10000 });
    const found = await page.evaluate(async () => (await (await fetch('/api/v1/residents?unit=310105002002&q=' + encodeURIComponent('手工登记'))).json()).items);
    assert(found.length === 1, `the resident is registered: ${JSON.stringify(found)}`);
    await page.screenshot({ path: path.join(SHOTS, 'screens-resident-new.png'), fullPage: true });
  });
}

export async function test_grid_worker_task_card_floor_address_phone_stairwell(browser) {
  await withServer(browser, async (page, url, api) => {
    // Two more tasks for the household of one of grid 1's tasks: three in one stairwell.
    const r = await api.request.post(`${url}/api/v1/session`, { data: { username: 'qishan', password: 'demo-qishan' } });
    const { csrf } = await r.json();
    const all = await (await api.request.get(`${url}/api/v1/tasks?assignee=qishan-grid1&state=active&limit=200`)).json();
    const hhTask = all.items.find((x) => x.household);
    assert(hhTask, 'grid 1 has a household task');
    for (const kind of ['groceries', 'medicine']) {
      const c = await api.request.post(`${url}/api/v1/tasks`, { data: { kind, household: hhTask.household, assignee: 'qishan-grid1' }, headers: { 'X-CSRF-Token': csrf } });
      assert(c.status() === 201, `task ${kind}: ${c.status()} ${await c.text()}`);
    }
    // A grid worker lands on 任务 and reads the card there (the test below
    // checks that a tap on 任务 now draws nothing again).
    await login(page, url, 'qishan-grid1', '#tasks');
    const card = page.locator(`#tasks li[data-task="${hhTask.id}"]`);
    await card.waitFor({ timeout: 10000 });
    const where = await card.locator('.hh-address').textContent();
    assert(/\d+楼 · /.test(where) && where.includes('导航'), `floor and address line: ${where}`);
    assert(await card.locator('.hh-address a.nav').getAttribute('href'), 'a 导航 link');
    const heads = await page.locator('#tasks li.stairwell').allTextContents();
    assert(heads.some((h) => h.startsWith('同一楼道') && /（[3-9]\d*）$/.test(h)), `a stairwell group: ${heads}`);
    const person = card.locator('.hh-person').first();
    await person.locator('button.reveal-open').click();
    await person.locator('input.reveal-reason').fill('上门送菜前电话联系');
    await person.locator('button.reveal-go').click();
    await person.locator('a.tel').waitFor();
    assert(/^tel:1\d{10}$/.test(await person.locator('a.tel').getAttribute('href')), 'a tel: link');
    assert(!/号号/.test(where), `the building named once: ${where}`);
    assert(!(await page.textContent('main')).includes('null'), 'no stray null on the page');
    // The other cards of the household show the phone too; no reason form left open.
    assert(await page.locator(`#tasks .hh-person[data-resident="${await person.getAttribute('data-resident')}"] a.tel`).count() >= 3, 'the phone on every card of the household');
    assert(await page.locator('.reveal-form:visible').count() === 0, 'reason forms stay closed until asked');
    await page.screenshot({ path: path.join(SHOTS, 'screens-task-card.png'), fullPage: true });
  }, { width: 390, height: 844 });
}

// A tap on the tab of the screen one is on (the grid worker's landing 任务,
// whose address is '' and the tab's '#/tasks') draws nothing again: a
// reason typed into a reveal form stays, and so does the list it is in.
export async function test_a_tap_on_the_screen_one_is_on_keeps_what_is_open(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan-grid1', '#tasks li .hh-person button.reveal-open');
    await page.evaluate(() => { document.querySelector('#tasks').dataset.drawn = 'first'; });
    const person = page.locator('#tasks li .hh-person').first();
    await person.locator('button.reveal-open').click();
    await person.locator('input.reveal-reason').fill('核对联系方式');
    await page.click('#tabs a[data-tab="tasks"]');
    await page.waitForLoadState('networkidle');
    assert(await page.evaluate(() => document.querySelector('#tasks')?.dataset.drawn) === 'first',
      'the task list was drawn again');
    assert(await person.locator('input.reveal-reason').isVisible(), 'the reason form closed');
    assert(await person.locator('input.reveal-reason').inputValue() === '核对联系方式', 'the reason typed is lost');
    // Another screen and back draws it anew, as before.
    await page.click('#tabs a[data-tab="board"]');
    await page.waitForSelector('#tasks', { state: 'detached' });
    await page.click('#tabs a[data-tab="tasks"]');
    await page.waitForSelector('#tasks li');
    assert(await page.evaluate(() => document.querySelector('#tasks')?.dataset.drawn) === undefined,
      'a screen left and come back to is drawn anew');
  });
}

export async function test_committee_manages_grids_and_places(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', '#compounds');
    await page.click('#tabs a[data-tab=places]');
    await page.waitForSelector('#grids tbody tr');
    const fetchJson = (p) => page.evaluate(async (u) => (await fetch(u)).json(), p);
    // Every action redraws the screen once: wait for that redraw before the
    // next step, or a late one replaces a form being filled.
    const acted = async (fn) => {
      const d = await page.getAttribute('#main', 'data-drawn');
      await fn();
      await page.waitForFunction((x) => document.getElementById('main').dataset.drawn !== x, d, { timeout: 10000 });
    };
    // A new grid.
    await page.fill('#grid-new input', '测试网格');
    await acted(() => page.click('#grid-new button'));
    await page.waitForSelector('#grids tr:has-text("测试网格")');
    // The responsible person of the first grid.
    const grid = await page.locator('#grids tbody tr').first().getAttribute('data-grid');
    await page.fill(`#grids tr[data-grid="${grid}"] .gp-account`, 'qishan-grid2');
    await acted(() => page.click(`#grids tr[data-grid="${grid}"] button`));
    await page.waitForFunction(async (g) => (await (await fetch(`/api/v1/units/${g}/responsible`)).json()).account === 'qishan-grid2', grid, { timeout: 10000 });
    // A compound drawn into the new grid.
    const newGrid = await page.locator('#grids tr:has-text("测试网格")').getAttribute('data-grid');
    const row = page.locator('#compound-grids tr').first();
    const compound = await row.getAttribute('data-compound');
    await row.locator('select.cg-grid').selectOption(newGrid);
    await acted(() => row.locator('button').click());
    await page.waitForFunction(async (g) => {
      const u = await (await fetch(`/api/v1/residents?unit=${g}&limit=1`)).json();
      return u.items && u.items.length > 0;
    }, newGrid, { timeout: 10000 });
    // A place in that grid.
    await page.selectOption('#place-new select[name=kind]', 'shop');
    await page.fill('#place-new input', '测试便利店');
    await page.selectOption('#place-new select.place-grid', newGrid);
    await page.click('#place-new button');
    await page.waitForSelector('#places tr:has-text("测试便利店")');
    const places = await fetchJson('/api/v1/places?unit=310105002002&limit=500');
    const p = places.items.find((x) => x.name === '测试便利店');
    assert(p && p.kind === 'shop' && p.grid === newGrid, `the place: ${JSON.stringify(p)} (compound ${compound})`);
    // An error in Chinese: a grid without a name.
    await page.fill('#grid-new input', '');
    await page.click('#grid-new button');
    await page.waitForFunction(() => /：/.test(document.getElementById('toast').textContent));
    const toastText = await page.textContent('#toast');
    assert(/[\u4e00-\u9fff]/.test(toastText) && !/[A-Za-z]{3,}/.test(toastText), `the error in Chinese: ${toastText}`);
    await page.screenshot({ path: path.join(SHOTS, 'screens-grids-places.png'), fullPage: true });
  });
}
