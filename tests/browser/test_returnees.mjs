// Returning staff (issue 16) in headless chromium against the demo: the
// service specialist applies for a closed supplier with its checklist and
// one staff member back from Wuhan whose home is 岐山居委会 (a row added,
// a second added and removed); 岐山居委会 finds the hand-over in its inbox
// "from enterprise" the supplier, masked, and accepts it; the enterprise's
// side then shows the hand-over accepted.
import path from 'node:path';
import { withDemoServer, loginDemo, SHOTS, assert } from './harness.mjs';

const SUPPLIER = '漕河泾汽车配套1厂';
const QISHAN = '310105002002';

// A mainland ID number with the right check character (GB 11643).
function idNumber(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body17 + '10X98765432'[s % 11];
}

const DOC = idNumber('42010619870611135');

export async function test_enterprise_hands_returnee_to_qishan(browser) {
  await withDemoServer(browser, async (page, url) => {
    await loginDemo(page, url, 'specialist', '#enterprises li.enterprise');
    const item = page.locator('#enterprises li.enterprise', { hasText: SUPPLIER });
    assert(await item.getAttribute('data-status') === 'closed', 'the supplier starts closed');
    await item.locator('button.add-returnee').click();
    await item.locator('button.add-returnee').click();
    assert(await item.locator('tr.returnee').count() === 2, 'two rows added');
    await item.locator('tr.returnee').nth(1).locator('button.remove-returnee').click();
    assert(await item.locator('tr.returnee').count() === 1, 'one row removed');
    const row = item.locator('tr.returnee').first();
    await row.locator('input[name=name]').fill('陈志明');
    await row.locator('input[name=document]').fill(DOC);
    await row.locator('input[name=phone]').fill('13912340001');
    await row.locator('input[name=origin]').fill('湖北省武汉市');
    await row.locator('input[name=arrival]').fill('2020-03-08');
    await row.locator('input[name=committee]').fill(QISHAN);
    await item.locator('input.masks-count').fill('3000');
    for (const box of await item.locator('input[type=checkbox]').all()) await box.check();
    await item.locator('button.apply').click();
    await page.waitForSelector(`#enterprises li.enterprise[data-status=applied]:has-text("${SUPPLIER}")`);
    await page.screenshot({ path: path.join(SHOTS, 'returnees-apply.png') });
    await page.click('#logout');
    await page.waitForSelector('#username');

    await loginDemo(page, url, 'qishan', '#tiles');
    await page.goto(url + '/#/inbox');
    const h = page.locator(`#inbox li.handover:has-text("${DOC.slice(-4)}")`);
    await h.waitFor({ timeout: 10000 });
    const text = await h.textContent();
    assert(text.includes(`来自企业 ${SUPPLIER}`), `shows the enterprise: ${text}`);
    assert(!text.includes('陈志明'), 'the name is masked');
    assert(await h.locator('[data-source=enterprise]').count() === 1, 'marked as from an enterprise');
    await page.screenshot({ path: path.join(SHOTS, 'returnees-inbox.png') });
    await h.locator('button.accept').click();
    await h.waitFor({ state: 'detached', timeout: 10000 });
    await page.click('#logout');
    await page.waitForSelector('#username');

    await loginDemo(page, url, 'specialist', '#enterprises li.enterprise');
    const again = page.locator('#enterprises li.enterprise', { hasText: SUPPLIER });
    await again.locator('button.returnees-btn').click();
    await again.locator('.returnees-list tr[data-state=accepted]').waitFor({ timeout: 10000 });
  });
}
