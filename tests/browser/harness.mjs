// Browser-test helpers: a real `cordon serve` on a free loopback port over a
// demo database, and Debian's chromium driven by playwright-core. Screenshots
// go to tests/browser/screenshots/ (ignored by git).
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BIN = path.resolve(process.env.CORDON_BIN || 'build/cordon');
export const SHOTS = path.join(here, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

export const TODAY = process.env.CORDON_TODAY || '2020-03-09';
const env = { ...process.env, CORDON_TODAY: TODAY };
let demoDb = null;

export function cordon(...args) {
  return execFileSync(BIN, args, { env, encoding: 'utf8' });
}

// On the PostgreSQL pass of tests/run, CORDON_TEST_PG is an admin URL and
// each database is a fresh PostgreSQL database on that server: the demo is
// made once into a template database and copied with CREATE DATABASE. On the
// Citus pass it is a coordinator's admin URL: each database is made on the
// coordinator and on every worker (tests/api/harness.py does the same).
const PG = process.env.CORDON_TEST_PG || '';
const pgMade = [];
let pgDemo = null;

// Runs one SQL command with psql on db (default: the admin database) and
// returns its rows as arrays of text; throws with psql's message.
function psql(sql, db = PG) {
  try {
    const out = execFileSync('psql', ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql],
      { stdio: 'pipe', encoding: 'utf8', timeout: 60000 });
    return out.split('\n').filter((l) => l).map((l) => l.split('\t'));
  } catch (e) {
    throw new Error(`psql: ${sql}: ${(e.stderr || '').trim() || e.message}`);
  }
}

// The admin URL (or another node's) with its database replaced by name.
function pgUrl(name, admin = PG) {
  const [scheme, rest] = admin.split('://');
  const [where, query] = rest.split('?');
  return `${scheme}://${where.split('/')[0]}/${name}${query ? `?${query}` : ''}`;
}

// host and port of a URL's server.
function hostPort(url) {
  const at = url.split('://')[1].split('/')[0].split('@').pop();
  const i = at.lastIndexOf(':');
  return [at.slice(0, i), at.slice(i + 1)];
}

// On a Citus coordinator (tests/run's Citus pass): the admin URLs of its
// workers; [] on plain PostgreSQL.
let citus = null;
function citusWorkers() {
  if (citus === null) {
    citus = [];
    if (psql("SELECT 1 FROM pg_extension WHERE extname = 'citus'").length) {
      const [scheme, rest] = PG.split('://');
      const where = rest.split('/')[0];
      const user = where.includes('@') ? `${where.split('@')[0]}@` : '';
      citus = psql('SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY nodeid')
        .map(([h, p]) => `${scheme}://${user}${h}:${p}/postgres`);
    }
    if (process.env.CORDON_TEST_CITUS === '1' && !citus.length)
      throw new Error('CORDON_TEST_CITUS=1 but CORDON_TEST_PG is not a Citus coordinator with workers');
  }
  return citus;
}

function pgDrop(name) {
  for (const admin of [PG, ...citusWorkers()]) psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, admin);
}

// Citus keeps its extension and its node list per database: a new database
// gets both on the coordinator and on every worker.
function citusJoin(name) {
  const url = pgUrl(name);
  const [host, port] = hostPort(url);
  for (const admin of citusWorkers()) {
    psql(`CREATE DATABASE "${name}"`, admin);
    psql('CREATE EXTENSION citus', pgUrl(name, admin));
  }
  psql('CREATE EXTENSION citus', url);
  psql(`SELECT citus_set_coordinator_host('${host}', ${port})`, url);
  for (const admin of citusWorkers()) {
    const [h, p] = hostPort(admin);
    psql(`SELECT citus_add_node('${h}', ${p})`, url);
  }
}

// A copy of a Citus database: the template copied on the coordinator and on
// every worker (its shards and Citus's metadata with it). Citus's
// maintenance daemon keeps a session on each copy of the template: ended
// before each copy, and the copy tried again if one came back meanwhile.
function citusCopy(name, template) {
  for (const admin of [PG, ...citusWorkers()]) {
    for (let attempt = 0; ; attempt++) {
      psql('SELECT pg_terminate_backend(pid) FROM pg_stat_activity ' +
        `WHERE datname = '${template}' AND pid <> pg_backend_pid()`, admin);
      try {
        psql(`CREATE DATABASE "${name}" TEMPLATE "${template}"`, admin);
        break;
      } catch (e) {
        if (!e.message.includes('is being accessed by other users') || attempt === 19) throw e;
        execFileSync('sleep', ['0.1']);
      }
    }
  }
}

function pgCreate(label, template) {
  const name = `cordon_b${process.pid}_${pgMade.length}_${label}`;
  pgDrop(name);
  pgMade.push(name);
  if (template && citusWorkers().length) {
    citusCopy(name, template);
  } else {
    psql(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
    if (citusWorkers().length) citusJoin(name);
  }
  return { name, url: pgUrl(name) };
}

process.on('exit', () => {
  for (const name of pgMade.reverse()) {
    try { pgDrop(name); } catch { /* best effort */ }
  }
});

// A fresh copy of a demo database (created once per run).
export function demoDatabase() {
  if (PG) {
    if (!pgDemo) {
      pgDemo = pgCreate('demo');
      cordon('init', '--demo', '--demo-per-committee', '1', '--db', pgDemo.url);
    }
    return pgCreate('copy', pgDemo.name).url;
  }
  const dir = mkdtempSync(path.join(process.env.TMPDIR || tmpdir(), 'cordon-browser-'));
  if (!demoDb) {
    demoDb = path.join(dir, 'demo-template.db');
    cordon('init', '--demo', '--demo-per-committee', '1', '--db', demoDb);
  }
  const copy = path.join(dir, 'demo.db');
  copyFileSync(demoDb, copy);
  return copy;
}

// extraEnv: more of the environment, e.g. CORDON_NOW for a replay whose
// screenings must fall on the demo's day.
// On tests/run's SQLite pass CORDON_PLAN_LOG names a file: every server runs
// with the plan check (src/store/db_sqlite_plan.c) and the full scans it
// logged are appended there when it stops; tests/run fails on any (as
// tests/api/harness.py does for the API suite).
const PLAN_LOG = PG ? '' : (process.env.CORDON_PLAN_LOG || '');

export async function startServer(db, extraEnv = {}) {
  const planEnv = PLAN_LOG ? { CORDON_PLAN_CHECK: '1' } : {};
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { env: { ...env, ...planEnv, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
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
  let err = '';
  proc.stderr.on('data', (d) => { if (PLAN_LOG) err += d; });
  const stopped = new Promise((r) => proc.on('exit', r));
  const stop = async () => {
    proc.kill('SIGTERM');
    await stopped;
    const plans = err.split('\n').filter((l) => l.startsWith('cordon: plan: '));
    if (plans.length) appendFileSync(PLAN_LOG, plans.join('\n') + '\n');
  };
  return { url, stop };
}

// A fresh copy of the demo behind its own server and a new zh-CN browser
// context on it: fn(page, url, ctx); both closed afterwards.
export async function withDemoServer(browser, fn, viewport = { width: 1280, height: 900 }) {
  const srv = await startServer(demoDatabase());
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await ctx.newPage();
  try {
    await fn(page, srv.url, ctx);
  } finally {
    await ctx.close();
    await srv.stop();
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Logs a demo account in (its password is demo-NAME) and waits for `waitFor`.
export async function loginDemo(page, url, user, waitFor) {
  await page.goto(url + '/');
  await page.fill('#username', user);
  await page.fill('#password', `demo-${user}`);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector(waitFor);
}

// On a compound's map, opens the first green room (of the first 20) with
// several residents — the one that offers 全户居家隔离 — and returns its
// household id (null: none).
export async function openGreenHousehold(page) {
  const cells = page.locator('#map .cell[data-colour="green"]');
  for (let i = 0; i < Math.min(await cells.count(), 20); i++) {
    await cells.nth(i).click();
    await page.waitForSelector('#room h2');
    await page.waitForFunction(() => !document.querySelector('#room .muted') ||
      !document.querySelector('#room .muted').textContent.includes('…'));
    if (await page.locator('#room button.quarantine-household').count())
      return cells.nth(i).getAttribute('data-household');
  }
  return null;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

// Thrown by a test that cannot run here (say why in the message): run.mjs
// counts it as skipped and lists it by name, never as passed.
export class Skip extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'Skip';
  }
}
