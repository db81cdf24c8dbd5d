// The web UI as its users meet it, in headless chromium against a real
// server with the demo: a committee worker drills down to Qishan's
// compound, opens a room, records home quarantine, and sees the room turn
// orange and the counts change; another committee cannot reach that
// compound; the language switches to English; a grid worker does the same
// on a phone-sized screen; the import page lists bad rows by line.
import path from 'node:path';
import { readFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { SHOTS, assert, withDemoServer } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = path.join(here, '..', 'data', 'import');

async function login(page, url, user, password) {
  await page.goto(url + '/');
  await page.fill('#username', user);
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  // A grid worker lands on its tasks (issue 13); these tests start from the dashboard.
  if (user.startsWith('qishan-grid')) {
    await page.waitForSelector('#tasks');
    await page.click('#tabs a[data-tab=dashboard]');
  }
  await page.waitForSelector('#tiles');
}

async function tileCount(page, colour) {
  const txt = await page.textContent(`#tiles [data-colour="${colour}"] .n`);
  return Number(txt.replace(/[^0-9]/g, ''));
}

async function openQishanCompound(page) {
  // From a street's dashboard, drill down to the committee first.
  const link = page.locator('#children a:text("岐山居委会")');
  if (await link.count()) await link.click();
  await page.waitForSelector('#compounds');
  await page.click('#compounds a:text("岐山村")');
  await page.waitForSelector('#map .cell');
}

const withServer = withDemoServer;

async function recordHomeQuarantine(page) {
  // A green room whose household has someone to put into quarantine.
  const cell = page.locator('#map .cell[data-colour="green"]').first();
  const household = await cell.getAttribute('data-household');
  await cell.click();
  await page.waitForSelector('#room .resident');
  await page.click('#room .resident button:text("登记新情况"), #room .resident button:text("Record a new fact")');
  await page.selectOption('#room form.factform select[name=kind]', 'quarantine');
  await page.selectOption('#room form.factform select[name=qkind]', 'home');
  await page.click('#room form.factform button[type=submit]');
  await page.waitForSelector(`#map .cell[data-household="${household}"][data-colour="orange"]`, { timeout: 15000 });
  return household;
}

export async function test_committee_records_quarantine_and_sees_orange(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    const orangeBefore = await tileCount(page, 'orange');
    const greenBefore = await tileCount(page, 'green');
    await openQishanCompound(page);
    const legendBefore = await page.textContent('#legend [data-colour="orange"]');
    await recordHomeQuarantine(page);
    const legendAfter = await page.textContent('#legend [data-colour="orange"]');
    assert(legendAfter !== legendBefore, `legend changed: ${legendBefore} -> ${legendAfter}`);
    await page.screenshot({ path: path.join(SHOTS, 'compound-after-quarantine.png'), fullPage: true });
    await page.click('#crumbs a');
    await page.waitForSelector('#tiles');
    assert(await tileCount(page, 'orange') === orangeBefore + 1, 'orange +1 on the dashboard');
    assert(await tileCount(page, 'green') === greenBefore - 1, 'green -1 on the dashboard');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });
  });
}

export async function test_other_committee_cannot_reach_qishan(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    await openQishanCompound(page);
    const compound = page.url().split('#/compound/')[1];
    await page.click('#logout');
    await page.waitForSelector('#login-form');
    await page.evaluate(() => { history.replaceState(null, '', '#/'); });
    await page.fill('#username', 'jiangsu');
    await page.fill('#password', 'demo-jiangsu');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#tiles');
    const own = await page.textContent('main h1');
    assert(own.includes('江苏居委会'), `own committee shown: ${own}`);
    await page.evaluate((id) => { location.hash = `#/compound/${id}`; }, compound);
    await page.waitForSelector('main .error');
    assert((await page.textContent('main .error')).includes('无权'), 'compound refused');
    assert(await page.locator('#map').count() === 0, 'no map drawn');
    await page.evaluate(() => { location.hash = '#/unit/310105002002'; });
    await page.waitForSelector('main .error');
    assert((await page.textContent('main .error')).includes('无权'), 'committee refused');
  });
}

export async function test_switch_to_english(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'jiangsulu', 'demo-jiangsulu');
    assert((await page.textContent('#tabs a[data-tab=dashboard]')) === '概览', 'Chinese first');
    await page.click('#lang');
    await page.waitForFunction(() => document.querySelector('#tabs a[data-tab=dashboard]').textContent === 'Dashboard');
    await page.waitForSelector('#tiles [data-colour="red"] .l:text("Red")');
    assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-en.png') });
  });
}

export async function test_grid_worker_on_a_phone(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan-grid1', 'demo-qishan-grid1');
    await page.waitForSelector('#compounds a');
    await page.click('#compounds a >> nth=0');
    await page.waitForSelector('#map .cell');
    const box = await page.locator('#map .cell[data-colour]').first().boundingBox();
    assert(box.height >= 36, `cells big enough for a thumb: ${box.height}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 400, `no sideways page scroll at 390 px: ${width}`);
    await recordHomeQuarantine(page);
    await page.screenshot({ path: path.join(SHOTS, 'phone-map.png'), fullPage: true });
  }, { width: 390, height: 844 });
}

export async function test_import_page_lists_bad_rows(browser) {
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    await page.click('#tabs a[data-tab=import]');
    await page.waitForSelector('#file');
    await page.setInputFiles('#file', path.join(DATA, 'bad_sheet.csv'));
    await page.click('form button[type=submit]');
    await page.waitForSelector('#import-errors');
    const rows = await page.locator('#import-errors tbody tr').allTextContents();
    assert(rows.length === 2 && rows[0].startsWith('2') && rows[1].startsWith('3'), `bad rows by line: ${rows}`);
    // Issue 13 item 8: the reasons in Chinese, and the report as .xlsx.
    assert(rows.every((r) => /[\u4e00-\u9fff]/.test(r) && !/[a-z]{3,}/.test(r)), `rows in Chinese: ${rows}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#import-report')]);
    assert(readFileSync(await download.path()).slice(0, 2).toString() === 'PK', 'an .xlsx (a zip)');
    assert(download.suggestedFilename() === 'import-errors.xlsx', download.suggestedFilename());
    await page.screenshot({ path: path.join(SHOTS, 'import-errors-chinese.png') });
    await page.setInputFiles('#file', path.join(DATA, 'qishan_sheet.csv'));
    await page.click('form button[type=submit]');
    await page.waitForSelector('#import-ok');
    const done = (await page.textContent('#import-ok')).trim();
    const m = /^已导入 (\d+) 行：新增 (\d+)，更新 (\d+)$/.exec(done);
    assert(m && m[1] === '6' && Number(m[2]) + Number(m[3]) === 6, `six rows imported: "${done}"`);
  });
}

// Issue 18: the page takes the Excel workbook itself (written by openpyxl,
// a title row above the header, phones as numbers).
export async function test_import_page_takes_an_xlsx(browser) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cordon-xlsx-'));
  execFileSync('/usr/bin/python3', [path.join(here, '..', 'api', 'xlsx_make.py'), dir, 'residents']);
  await withServer(browser, async (page, url) => {
    await login(page, url, 'qishan', 'demo-qishan');
    await page.click('#tabs a[data-tab=import]');
    await page.waitForSelector('#file');
    const hint = await page.textContent('form p.muted');
    assert(hint.includes('Excel (.xlsx) 或 CSV'), `the hint names Excel: ${hint}`);
    assert((await page.getAttribute('#file', 'accept')).includes('.xlsx'), 'the chooser offers .xlsx');
    await page.setInputFiles('#file', path.join(dir, 'res_idnumber.xlsx'));
    await page.click('form button[type=submit]');
    await page.waitForSelector('#import-errors');
    const rows = await page.locator('#import-errors tbody tr').allTextContents();
    assert(rows.length === 1 && rows[0].startsWith('6') && rows[0].includes('设为文本'), `the ID made a number, on row 6: ${rows}`);
    assert((await page.textContent('#import-sheet')).includes('登记表'), 'the sheet is named');
    // The downloaded report names the sheet too (read back by xlsx_read.py).
    const [report] = await Promise.all([page.waitForEvent('download'), page.click('#import-report')]);
    const read = 'import sys; sys.path.insert(0, sys.argv[1]); from xlsx_read import read_rows; '
      + 'r = read_rows(open(sys.argv[2], "rb").read()); print(r[0][0], r[1][0], r[1][1])';
    const cells = execFileSync('python3', ['-c', read, path.join(here, '..', 'api'), await report.path()]).toString().trim();
    assert(cells === '工作表 登记表 6', `the report names the sheet: ${cells}`);
    await page.setInputFiles('#file', path.join(dir, 'res_quirks.xlsx'));
    await page.click('form button[type=submit]');
    await page.waitForSelector('#import-ok');
    const done = (await page.textContent('#import-ok')).trim();
    assert(/^已导入 3 行/.test(done), `three rows imported: "${done}"`);
  });
}
