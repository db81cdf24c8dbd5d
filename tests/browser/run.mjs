// Runs every tests/browser/test_*.mjs (each exports async functions named
// test_*) against a real server and headless chromium; prints one line per
// test and, last, "browser: N passed, N failed".
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
let passed = 0;
let failed = 0;
const browser = await launch();
try {
  // CORDON_BROWSER_ONLY=overdue runs only the files whose name contains it.
  const only = process.env.CORDON_BROWSER_ONLY || '';
  for (const f of readdirSync(here).filter((n) => /^test_.*\.mjs$/.test(n) && n.includes(only)).sort()) {
    const mod = await import(pathToFileURL(path.join(here, f)));
    for (const [name, fn] of Object.entries(mod)) {
      if (!name.startsWith('test_') || typeof fn !== 'function') continue;
      const t0 = Date.now();
      try {
        await fn(browser);
        passed++;
        console.log(`ok   ${f} ${name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${f} ${name}: ${e.stack || e}`);
      }
    }
  }
} finally {
  await browser.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
