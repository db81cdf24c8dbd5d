// Runs every tests/browser/test_*.mjs (each exports async functions named
// test_*) against a real server and headless chromium; prints one line per
// test, then one "skip: FILE NAME — REASON" line per skipped test and, last,
// "browser: N passed, N failed, N skipped". A test skips itself by throwing
// harness.mjs's Skip with a reason; a file that does not load counts as a
// failure, and a run that finds no test at all fails.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, Skip } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let passed = 0;
let failed = 0;
const skipped = [];
const browser = await launch();
try {
  // CORDON_BROWSER_ONLY=overdue runs only the files whose name contains it
  // (tests/run clears it, so `make test` always runs every file).
  const only = process.env.CORDON_BROWSER_ONLY || '';
  for (const f of readdirSync(here).filter((n) => /^test_.*\.mjs$/.test(n) && n.includes(only)).sort()) {
    let mod;
    try {
      mod = await import(pathToFileURL(path.join(here, f)));
    } catch (e) {
      failed++;
      console.log(`FAIL ${f} (does not load): ${e.stack || e}`);
      continue;
    }
    for (const [name, fn] of Object.entries(mod)) {
      if (!name.startsWith('test_') || typeof fn !== 'function') continue;
      const t0 = Date.now();
      try {
        await fn(browser);
        passed++;
        console.log(`ok   ${f} ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        if (e instanceof Skip) {
          skipped.push(`${f} ${name} — ${e.message}`);
          console.log(`skip ${f} ${name}: ${e.message}`);
        } else {
          failed++;
          console.log(`FAIL ${f} ${name}: ${e.stack || e}`);
        }
      }
    }
  }
} finally {
  await browser.close();
}
if (passed + failed + skipped.length === 0) {
  console.log(`no browser test ran (CORDON_BROWSER_ONLY=${process.env.CORDON_BROWSER_ONLY || ''})`);
}
for (const s of skipped) console.log(`skip: ${s}`);
console.log(`browser: ${passed} passed, ${failed} failed, ${skipped.length} skipped`);
process.exit(failed || passed === 0 ? 1 : 0);
