// What a zh-CN screen must never show (issue 13, "without an English
// message or a raw code on screen"): an i18n key that t() did not find, a
// raw error code or any snake_case word, an English error message, an
// English word at all (but the account's own name), a bare 12-digit unit
// code where a unit's name belongs, and undefined / null / NaN /
// [object Object]. Links (http://…/checkin.html#…) are left out: they are
// meant to be copied as they are. Not a test file: the walks use it.

const RULES = [
  ['an untranslated i18n key', /\b[a-z][a-z0-9]*(?:\.[a-z0-9_]+)+\b/g],
  ['a raw code (snake_case)', /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g],
  ['an English message', /\b(?:is not|must be|may not|not found|no such|invalid|unknown|required|forbidden|error|failed|cannot|bad|conflict|throttled)\b/gi],
  ['an English word', /\b[a-z]{3,}\b/g],
  ['a bare unit code', /(?<![\d*])\d{12}(?![\d*])/g],
  ['a missing value', /\b(?:undefined|null|NaN)\b|\[object Object\]/g],
];

// The visible text of the page (or of `selector`), without links, and
// each rule's findings. `allow`: words that may appear (the account name).
export async function rawOnScreen(page, allow = [], selector = 'body') {
  const text = await page.evaluate((sel) => {
    const box = document.querySelector(sel);
    return box ? box.innerText : '';
  }, selector);
  const s = text.replace(/https?:\/\/\S+/g, ' ');
  const found = [];
  for (const [what, re] of RULES) {
    for (const m of s.match(re) || []) {
      if (allow.some((a) => a === m || a.split(/[-.]/).includes(m))) continue;
      const at = s.indexOf(m);
      found.push(`${what}: "${m}" in «${s.slice(Math.max(0, at - 30), at + m.length + 30).replace(/\s+/g, ' ')}»`);
    }
  }
  return found;
}

// Collects the findings of every screen of a walk: check(page, screen)
// after each step, then `report()` lists them all at once (one failing
// screen does not hide the others).
export function screenChecker(allow) {
  const all = [];
  return {
    async check(page, screen) {
      for (const f of await rawOnScreen(page, allow)) {
        if (!all.includes(`${screen}: ${f}`)) all.push(`${screen}: ${f}`);
      }
    },
    findings: () => all,
  };
}
