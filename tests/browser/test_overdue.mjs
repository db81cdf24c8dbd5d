// The end of issue 6's loop, as the street sees it: a traveller is screened
// at the south-west exit at 10:00 for an address in 岐山居委会 and nobody
// accepts; a server whose clock (CORDON_NOW) says 23:00 — past the 12-hour
// deadline — shows the 江苏路街道 account the hand-over in its inbox marked
// overdue at the street, and counts it on the street's dashboard. At 21:00
// the same hand-over is pending and not overdue.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BIN, TODAY, SHOTS, demoDatabase, assert } from './harness.mjs';

function idNumber(seq) {
  const body = `110101198505${String(10 + (seq % 18)).padStart(2, '0')}${String(seq % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * w[i];
  return body + '10X98765432'[s % 11];
}

// `cordon serve` with its clock set to `now` (local time, Asia/Shanghai).
async function serverAt(db, now) {
  const env = { ...process.env, CORDON_TODAY: TODAY, CORDON_NOW: now };
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('server did not start')), 15000);
    proc.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  proc.stderr.on('data', () => {});
  return { url, stop: () => new Promise((r) => { proc.on('exit', r); proc.kill('SIGTERM'); }) };
}

// Screens one traveller through the API as the demo `checkpoint` account.
async function screen(url, doc) {
  const login = await fetch(url + '/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'checkpoint', password: 'demo-checkpoint' }),
  });
  assert(login.status === 200, `checkpoint login: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf } = await login.json();
  const res = await fetch(url + '/api/v1/screenings', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({
      document: doc, name: '未接收旅客', phone: '13911112222', origin: '湖北武汉', travel: 'G1234',
      destination: '长宁区江苏路街道岐山村12号601室', temperature: 36.6,
    }),
  });
  const body = await res.json();
  assert(res.status === 201, `screening: ${res.status} ${JSON.stringify(body)}`);
  return body.handover.id;
}

async function streetInbox(browser, url, id) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  try {
    await page.goto(url + '/');
    await page.fill('#username', 'jiangsulu');
    await page.fill('#password', 'demo-jiangsulu');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#tiles');
    await page.goto(url + '/#/inbox');
    const item = page.locator(`#inbox li.handover[data-id="${id}"]`);
    await item.waitFor({ timeout: 10000 });
    return { ctx, page, item };
  } catch (e) {
    await ctx.close();
    throw e;
  }
}

export async function test_an_unaccepted_handover_is_overdue_at_the_street(browser) {
  const db = demoDatabase();
  const doc = idNumber(3);
  let srv = await serverAt(db, '2020-03-09T10:00');
  let id;
  try {
    id = await screen(srv.url, doc);
  } finally {
    await srv.stop();
  }

  // The street dashboard's overdue count before the deadline, to see it
  // grow by exactly this hand-over after.
  let overdueBefore;
  srv = await serverAt(db, '2020-03-09T21:00');
  try {
    const { ctx, page, item } = await streetInbox(browser, srv.url, id);
    assert(!(await item.getAttribute('class')).includes('is-overdue'), 'not overdue before the deadline');
    assert((await item.locator('.badge.overdue').count()) === 0, 'no overdue badge before the deadline');
    await page.goto(srv.url + '/#/');
    await page.waitForSelector('#checkpoints [data-k="overdue"] .n');
    overdueBefore = Number((await page.textContent('#checkpoints [data-k="overdue"] .n')).replace(/[^0-9]/g, ''));
    await ctx.close();
  } finally {
    await srv.stop();
  }

  srv = await serverAt(db, '2020-03-09T23:00');
  try {
    const { ctx, page, item } = await streetInbox(browser, srv.url, id);
    assert((await item.getAttribute('class')).includes('is-overdue'), 'overdue past the deadline');
    const badge = await item.locator('.badge.overdue').textContent();
    assert(badge.includes('江苏路街道'), `escalated to the street: "${badge}"`);
    await page.screenshot({ path: path.join(SHOTS, 'handover-overdue-street.png') });
    await page.goto(srv.url + '/#/');
    await page.waitForSelector('#checkpoints');
    const overdue = await page.textContent('#checkpoints [data-k="overdue"] .n');
    assert(Number(overdue.replace(/[^0-9]/g, '')) === overdueBefore + 1,
      `the street's dashboard counts it overdue: ${overdue} (${overdueBefore} before the deadline)`);
    await ctx.close();
  } finally {
    await srv.stop();
  }
}
