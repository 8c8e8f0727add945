#!/usr/bin/env node
// Istmo browser tests: a real `istmo serve` on a fresh database and an OS-chosen port, driven
// through Debian's chromium by playwright-core. Screenshots go to the artifacts folder.
//
//   node tests/web/run.mjs --istmo build/istmo [--web-dir web/dist]
//        [--artifacts build/test-artifacts/web] [--chromium /usr/bin/chromium]
//        [--url http://127.0.0.1:8080]   (use a server already running, with the demo data)
//
// Prints one line per test and closes with `web: N passed, M failed`; exits 1 on any failure.
// A watchdog ends everything (server and browser included) if the run hangs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');

function parseArgs(argv) {
  const opts = {
    istmo: join(root, 'build/istmo'),
    webDir: join(root, 'web/dist'),
    artifacts: join(root, 'build/test-artifacts/web'),
    chromium: '/usr/bin/chromium',
    url: '',
    timeoutS: 360,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--istmo') opts.istmo = resolve(next());
    else if (a === '--web-dir') opts.webDir = resolve(next());
    else if (a === '--artifacts') opts.artifacts = resolve(next());
    else if (a === '--chromium') opts.chromium = next();
    else if (a === '--url') opts.url = next().replace(/\/$/, '');
    else if (a === '--timeout') opts.timeoutS = Number(next());
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const PASSWORD = 'Istmo-Demo-2024';
const STEP_MS = 30_000;            // any single wait in a test (argon2 sign-ins on a busy machine are slow)
const work = mkdtempSync(join(tmpdir(), 'istmo-web-'));
mkdirSync(opts.artifacts, { recursive: true });

let server = null;
let context = null;
const results = [];

async function cleanup() {
  try {
    await context?.close();
  } catch {
    // The browser may already be gone.
  }
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => { server.kill('SIGKILL'); r(); }, 5000);
      server.once('exit', () => { clearTimeout(t); r(); });
    });
  }
  rmSync(work, { recursive: true, force: true });
}

const watchdog = setTimeout(async () => {
  console.error(`web: watchdog: run exceeded ${opts.timeoutS}s, stopping`);
  console.log(`web: ${results.filter((r) => r.ok).length} passed, ${Math.max(1, results.filter((r) => !r.ok).length)} failed`);
  await cleanup();
  process.exit(1);
}, opts.timeoutS * 1000);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, cwd: root });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

// Starts `istmo serve` on port 0 and resolves with the URL it prints.
function startServer(db) {
  return new Promise((resolveUrl, reject) => {
    const args = ['serve', '--db', db, '--port', '0', '--web-dir', opts.webDir];
    // From the project root, so that the server finds data/geo.
    server = spawn(opts.istmo, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
    let stderr = '';
    server.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    const timer = setTimeout(() => reject(new Error(`istmo serve printed no URL in 30 s; stderr: ${stderr}`)), 30_000);
    server.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`istmo serve exited (${code ?? sig}) before listening; stderr: ${stderr}`));
    });
    createInterface({ input: server.stdout }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1].replace(/\/$/, ''));
      }
    });
  });
}

async function shot(page, name) {
  await page.screenshot({ path: join(opts.artifacts, `${name}.png`), fullPage: false });
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

async function main() {
  let base = opts.url;
  if (!base) {
    const db = join(work, 'istmo.db');
    run(opts.istmo, ['demo', '--db', db]);
    base = await startServer(db);
  }
  console.log(`web: server at ${base}`);

  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: opts.chromium,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
    ],
    viewport: { width: 1440, height: 900 },
    timezoneId: 'America/Panama',
  });
  context.setDefaultTimeout(STEP_MS);
  const page = context.pages()[0] ?? (await context.newPage());

  // Offline: nothing may be fetched from anywhere but the Istmo server.
  const foreign = [];
  const pageErrors = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));

  const test = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`FAIL ${name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
      await shot(page, `FAIL-${name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  };

  const login = async (username, password = PASSWORD) => {
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('[data-testid=login-submit]');
  };
  const logout = async () => {
    await page.click('[data-testid=logout]');
    await page.waitForSelector('#username');
  };
  // The first map of a run also loads and parses the basemap; on a loaded 2-core machine that
  // has taken over 20 s, so map waits get a longer limit than other steps.
  const MAP_MS = 60_000;
  const mapReady = async () => {
    await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: MAP_MS });
    // The basemap draws on a canvas once basemap.json is parsed.
    await page.waitForSelector('.leaflet-overlay-pane canvas', { timeout: MAP_MS });
  };

  await test('serves the app at / and falls back to it for app paths', async () => {
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health.status === 'ok', `healthz: ${JSON.stringify(health)}`);
    for (const path of ['/', '/maritime', '/admin/users']) {
      const res = await fetch(`${base}${path}`);
      const text = await res.text();
      expect(res.status === 200 && text.includes('<div id="app">'), `${path}: HTTP ${res.status}, not the app`);
    }
  });

  await test('shows the API error for a wrong password, in Spanish', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('#username');
    expect((await page.getAttribute('html', 'lang')) === 'es', 'default language is not Spanish');
    await login('senafront.admin', 'not-the-password');
    const box = await page.waitForSelector('.login-messages .error-box');
    const text = await box.innerText();
    expect(text.includes('Credenciales no válidas'), `error box says: ${text}`);
    await shot(page, '01-login-error');
  });

  await test('logs in and shows the layout with the four areas', async () => {
    await login('senafront.admin');
    await page.waitForSelector('[data-testid=area-migration]');
    const nav = await page.innerText('nav.sidebar');
    for (const label of ['Migración', 'Marítimo', 'Canal', 'Cooperación', 'Alertas', 'Organizaciones', 'Usuarios', 'Bitácora de auditoría']) {
      expect(nav.includes(label), `sidebar lacks "${label}": ${nav}`);
    }
    const who = await page.innerText('[data-testid=whoami]');
    expect(who.includes('SENAFRONT'), `top bar does not name the organization: ${who}`);
  });

  await test('migration shows the map with the four reception stations', async () => {
    await mapReady();
    const stations = await page.locator('path.istmo-station').count();
    expect(stations === 4, `expected 4 station markers, saw ${stations}`);
    expect((await page.locator('path.istmo-land').count()) >= 1, 'Panama land boundary not drawn');
    const labels = await page.locator('.station-label').allInnerTexts();
    expect(labels.includes('Bajo Chiquito'), `station labels: ${labels.join(', ')}`);
    await shot(page, '02-migration');
  });

  await test('maritime shows the territorial sea', async () => {
    await page.click('[data-testid=nav-maritime]');
    await page.waitForSelector('[data-testid=area-maritime]');
    await mapReady();
    expect((await page.locator('path.istmo-zone').count()) >= 1, 'territorial sea not drawn');
    await shot(page, '03-maritime');
  });

  await test('canal and cooperation open with their purpose and panels', async () => {
    await page.click('[data-testid=nav-canal]');
    await page.waitForSelector('[data-testid=area-canal]');
    await mapReady();
    await shot(page, '04-canal');
    await page.click('[data-testid=nav-cooperation]');
    await page.waitForSelector('[data-testid=area-cooperation]');
    const text = await page.innerText('main');
    expect(text.includes('JCET'), 'cooperation page lacks its purpose');
    await page.waitForFunction(() => !document.querySelector('main [aria-busy=true]'));
    await shot(page, '05-cooperation');
  });

  await test('alerts feed loads', async () => {
    await page.click('[data-testid=nav-alerts]');
    await page.waitForSelector('[data-testid=alerts-page]');
    await page.waitForSelector('[data-testid=alerts-table], [data-testid=alerts-page] .empty');
    await shot(page, '06-alerts');
  });

  await test('switches to English, localizes dates, and keeps the choice after a reload', async () => {
    await page.click('[data-testid=nav-admin-orgs]');
    await page.waitForSelector('[data-testid=orgs-table]');
    const esText = await page.innerText('[data-testid=orgs-table]');
    await page.click('[data-testid=lang-en]');
    await page.waitForSelector('text=Organizations');
    expect((await page.getAttribute('html', 'lang')) === 'en', 'html lang is not en');
    await page.waitForSelector('[data-testid=orgs-table]');
    const enText = await page.innerText('[data-testid=orgs-table]');
    expect(enText.includes('Panama') && esText.includes('Panamá'), 'country names not localized');
    expect(enText.includes('ACRONYM') || enText.includes('Acronym'), `table headers not in English: ${enText.slice(0, 80)}`);
    await page.reload();
    await page.waitForSelector('[data-testid=orgs-table]');
    const nav = await page.innerText('nav.sidebar');
    expect(nav.includes('Migration') && nav.includes('Audit log'), `after reload the sidebar says: ${nav}`);
    await shot(page, '07-orgs-en');
  });

  await test('admin creates a user and sees the API error for a duplicate', async () => {
    await page.click('[data-testid=nav-admin-users]');
    await page.waitForSelector('[data-testid=users-table]');
    const before = await page.innerText('[data-testid=users-table]');
    expect(before.includes('senafront.officer'), 'own organization users not listed');
    // Unique per run, so that a run against a long-lived server (--url) also starts clean.
    const username = `web.check.${Date.now().toString(36)}`;
    const create = async () => {
      await page.click('[data-testid=user-new]');
      await page.waitForSelector('[data-testid=user-dialog]');
      await page.fill('#u-username', username);
      await page.fill('#u-display', 'Web Check Officer');
      await page.fill('#u-password', 'Web-Check-Pass-2024');
      await page.click('[data-testid=user-dialog] button[type=submit]');
    };
    await create();
    await page.waitForSelector('[data-testid=user-dialog]', { state: 'detached' });
    await page.waitForSelector(`[data-testid=users-table] >> text=${username}`);
    await create();
    try {
      const err = await page.waitForSelector('[data-testid=user-dialog] .error-box');
      const text = await err.innerText();
      expect(/conflict/i.test(text), `duplicate user error says: ${text}`);
      await shot(page, '08-users-duplicate');
    } finally {
      // A modal left open would block every later click.
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=user-dialog]', { state: 'detached' });
    }
  });

  await test('audit log lists entries and the hash chain verifies', async () => {
    await page.click('[data-testid=nav-admin-audit]');
    await page.waitForSelector('[data-testid=audit-table] tbody tr');
    const rows = await page.locator('[data-testid=audit-table] tbody tr').count();
    expect(rows >= 1, 'audit log is empty after a user was created');
    // The chart component (ECharts on canvas) draws the actions of the entries shown.
    await page.waitForSelector('[data-testid=audit-page] [data-testid=chart] canvas');
    const actions = await page.locator('[data-testid=audit-table] tbody tr .chip').allInnerTexts();
    expect(actions.includes('user.create'), `the user created above is not in the log: ${actions.join(', ')}`);
    await page.click('[data-testid=audit-verify]');
    const ok = await page.waitForSelector('[data-testid=verify-status] .ok-box');
    expect((await ok.innerText()).includes('Chain intact'), 'verification did not report an intact chain');
    await shot(page, '09-audit');
  });

  await test('an officer sees no admin pages; sign-out returns to the sign-in page', async () => {
    await logout();
    await login('senafront.officer');
    await page.waitForSelector('[data-testid=area-migration]');
    expect((await page.locator('[data-testid=nav-admin-users]').count()) === 0, 'officer sees the users page link');
    expect((await page.locator('[data-testid=nav-admin-audit]').count()) === 0, 'officer sees the audit link');
    await page.goto(`${base}/admin/users`);
    await page.waitForSelector('main h1');
    expect((await page.innerText('main h1')) === 'Page not found', 'officer reached the users page');
    await logout();
    await shot(page, '10-signed-out');
  });

  await test('a deep link survives sign-in; a supervisor reads the audit log but cannot verify it', async () => {
    await page.goto(`${base}/admin/audit`);
    await page.waitForSelector('#username');
    await login('senafront.supervisor');
    await page.waitForSelector('[data-testid=audit-page]');
    expect(new URL(page.url()).pathname === '/admin/audit', `landed on ${page.url()}`);
    expect((await page.locator('[data-testid=audit-verify]').count()) === 0, 'supervisor sees the verify action');
    expect((await page.locator('[data-testid=nav-admin-users]').count()) === 0, 'supervisor sees the users page link');
    await page.waitForSelector('[data-testid=audit-table] tbody tr, [data-testid=audit-page] .empty, [data-testid=audit-page] .error-box');
    const err = await page.locator('[data-testid=audit-page] .error-box').count();
    expect(err === 0, `audit log error for a supervisor: ${err && (await page.innerText('[data-testid=audit-page] .error-box'))}`);
    await shot(page, '11-audit-supervisor');
    await logout();
  });

  await test('fetched nothing from outside the Istmo server and raised no script error', async () => {
    expect(foreign.length === 0, `requests outside ${base}: ${foreign.slice(0, 5).join(', ')}`);
    expect(pageErrors.length === 0, `page errors: ${pageErrors.slice(0, 3).join(' | ')}`);
  });
}

let fatal = null;
try {
  await main();
} catch (e) {
  fatal = e;
  console.log(`FAIL setup: ${e && e.message ? e.message : e}`);
}
clearTimeout(watchdog);
await cleanup();
const passed = results.filter((r) => r.ok).length;
const failed = results.filter((r) => !r.ok).length + (fatal ? 1 : 0);
writeFileSync(join(opts.artifacts, 'results.json'), JSON.stringify({ passed, failed, results }, null, 2));
console.log(`web: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
