// Browser tests of the Migration desk (issue 12, web side), run by tests/web/run.mjs after its
// own tests: each entry is { name, run(env) } with env = { page, base, login, logout, expect,
// shot, faces, work, artifacts }. In Spanish, at 1440×900 unless the test says 390×844.
// Defects 1–11 and the features search, photos side by side and corrections each have a test.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PASSWORD = 'Istmo-Demo-2024';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
// English the server writes for API clients; none may reach a Spanish page.
const ENGLISH = [/no face found/i, /faces found; expected/i, /\bno encounter\b/i, /Watchlist hit:/, /a password has at least/i,
  /must be at most \d+ bytes/, /is an ISO 3166-1 alpha-2 code/];

const tag = `D${Date.now().toString(36).toUpperCase()}`;
const state = { encounterA: '', encounterB: '', nameA: `Ángel Búsqueda ${tag}`, docA: `P${tag}` };

// A call to the API from the page, with the session cookie and its CSRF value.
async function api(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const csrf = (document.cookie.split(';').map((s) => s.trim()).find((s) => s.startsWith('istmo_csrf=')) ?? '').slice('istmo_csrf='.length);
    const r = await fetch(p, {
      method: m, body: b === null ? undefined : JSON.stringify(b),
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
    });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: r.status, json };
  }, [method, path, body ?? null]);
}

async function signInAs(env, username) {
  const { page, base, login, logout } = env;
  await page.goto(`${base}/login`);
  await page.waitForSelector('#username, [data-testid=logout]');
  if (await page.locator('[data-testid=logout]').count()) await logout();
  if ((await page.getAttribute('html', 'lang')) !== 'es') await page.click('[data-testid=lang-es]');
  await page.waitForSelector('html[lang=es]');
  await login(username, PASSWORD);
  await page.waitForSelector('[data-testid=logout]');
}

async function noEnglish(env) {
  const text = await env.page.innerText('main');
  for (const re of ENGLISH) env.expect(!re.test(text), `English server text on a Spanish page: ${re}`);
}

async function openRegister(env) {
  await env.page.goto(`${env.base}/migration/encounters/new`);
  await env.page.waitForSelector('[data-testid=register-form]');
}

// Fills the register form with the app's own controls, as an officer would with the keyboard.
async function fillDesk(env, { name, photo = null, doc = null, nationality = 'usa', birth = '04/08/1961', release = ['PAN'] }) {
  const { page } = env;
  await page.selectOption('#f-station_id', 'ERM-LAJAS-BLANCAS');
  await page.fill('#f-name', name);
  await page.fill('[data-testid=f-birth-day]', birth);
  await page.selectOption('#f-sex', 'M');
  await page.fill('#f-nationality', nationality);
  if (doc) {
    await page.selectOption('#f-document_type', 'passport');
    await page.fill('#f-document_number', doc);
  }
  for (const r of release) await page.check(`[data-testid=f-rel-${r}]`);
  if (photo) {
    await page.setInputFiles('#f-photo', photo);
    await page.waitForSelector('[data-testid=photo-preview]:not([hidden])');
  }
}

async function submitDesk(env) {
  await env.page.click('[data-testid=register-submit]');
  await env.page.waitForSelector('[data-testid=register-submit]:not([aria-busy])');
}

async function savedId(env) {
  const href = await env.page.getAttribute('[data-testid=register-open]', 'href');
  return decodeURIComponent(href.split('/').pop());
}

const faces = (env) => ({
  obama1: join(env.faces, 'face_recognition/examples/knn_examples/train/obama/obama.jpg'),
  obama2: join(env.faces, 'face_recognition/examples/knn_examples/train/obama/obama2.jpg'),
  obama3: join(env.faces, 'face_recognition/examples/obama-480p.jpg'),
  biden1: join(env.faces, 'face_recognition/examples/knn_examples/train/biden/biden.jpg'),
  biden2: join(env.faces, 'face_recognition/examples/knn_examples/train/biden/biden2.jpg'),
});

export const deskTests = [
  {
    name: 'desk: trends open on the latest 12 months with data, and say when a range is partial (defect 1)',
    async run(env) {
      const { page, base, expect } = env;
      await page.setViewportSize(DESKTOP);
      // DHS sees the demo (released to the USA) and none of the encounters the tests registered
      // today (released to PAN at most), so its data ends in October 2024.
      await signInAs(env, 'dhs.analyst');
      await page.goto(`${base}/migration/trends`);
      await page.waitForSelector('[data-testid=trends-body] [data-charts=ready]');
      const q = new URL(page.url()).searchParams;
      expect(q.get('from') === '2023-11' && q.get('to') === '2024-10', `default range ${q.get('from')}–${q.get('to')}`);
      const total = Number((await page.innerText('[data-testid=kpi-total] .kpi-value')).replace(/\D/g, ''));
      expect(total > 0, 'the default range is empty');
      expect((await page.locator('[data-testid=trends-partial]').count()) === 0, 'a covered range is called partial');
      // Nov 2022 – Oct 2023 lacks Nov and Dec 2022: the year-on-year change is partial.
      const label = await page.innerText('[data-testid=kpi-change] .kpi-label');
      expect(/parcial/i.test(label), `year-on-year label: ${label}`);
      await page.goto(`${base}/migration/trends?granularity=month&from=2024-06&to=2025-05`);
      const notice = await page.waitForSelector('[data-testid=trends-partial]');
      expect(/más allá de los datos/.test(await notice.innerText()), `partial notice: ${await notice.innerText()}`);
      // Five months of data against twelve: the change is labelled partial, not shown as a fall.
      const partialLabel = await page.locator('[data-testid=kpi-change]').innerText();
      expect(/parcial/i.test(partialLabel) && /meses sin datos/.test(partialLabel), `year-on-year on a partial range: ${partialLabel}`);
      expect((await page.locator('main input[type=date], main input[type=month]').count()) === 0, 'a browser-native date control on trends');
      await page.fill('#t-nationality', 'col');
      await page.click('[data-testid=t-apply]');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('nationality') === 'COL');
      await noEnglish(env);
      await env.shot(page, 'desk-01-trends-partial');
    },
  },
  {
    name: 'desk: the encounter time is the time of saving unless set (defect 2); own date and file controls (3)',
    async run(env) {
      const { page, expect } = env;
      await signInAs(env, 'senafront.officer');
      await openRegister(env);
      expect((await page.inputValue('[data-testid=f-at-day]')) === '' && (await page.inputValue('[data-testid=f-at-time]')) === '', 'the time is filled on opening');
      expect((await page.locator('main input[type=date], main input[type=datetime-local]').count()) === 0, 'a browser-native date control');
      // The app's date control: Spanish month names, day first, keyboard only.
      const months = await page.locator('[data-testid=f-birth-month] option').allInnerTexts();
      expect(months[1] === 'enero' && months[12] === 'diciembre', `months: ${months.join(', ')}`);
      await page.focus('[data-testid=f-birth-day]');
      await page.keyboard.type('17');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')) === 'f-birth-month', 'two digits of the day do not move on');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Tab');
      await page.keyboard.type('1988');
      expect((await page.inputValue('[data-testid=f-birth-month]')) === '05', 'month by keyboard');
      // The app's file control: its button and file name in Spanish.
      expect((await page.innerText('[data-testid=f-photo-choose]')) === 'Elegir archivo…', 'file button text');
      expect((await page.innerText('[data-testid=f-photo-name]')) === 'Ningún archivo elegido', 'no-file text');
      await page.setInputFiles('#f-photo', faces(env).obama1);
      await page.waitForSelector('[data-testid=f-photo-name]:has-text("obama.jpg")');
      await page.click('.photo-meta button');
      await page.waitForSelector('[data-testid=f-photo-name]:has-text("Ningún archivo elegido")');
      const opened = Date.now();
      await page.fill('#f-name', state.nameA);
      await page.selectOption('#f-station_id', 'ERM-LAJAS-BLANCAS');
      await page.selectOption('#f-sex', 'M');
      await page.fill('#f-nationality', 've');
      await page.selectOption('#f-document_type', 'passport');
      await page.fill('#f-document_number', state.docA);
      await page.check('[data-testid=f-rel-PAN]');
      await page.waitForTimeout(1500);
      await submitDesk(env);
      await page.waitForSelector('[data-testid=register-saved]');
      state.encounterA = await savedId(env);
      expect((await page.inputValue('[data-testid=f-at-day]')) === '' && (await page.inputValue('[data-testid=f-at-time]')) === '', 'the time is kept after saving');
      await page.waitForTimeout(1500);
      await fillDesk(env, { name: `Segunda Persona ${tag}`, release: [] });
      await submitDesk(env);
      await page.waitForSelector(`[data-testid=register-saved]:has-text("Segunda Persona ${tag}")`);
      state.encounterB = await savedId(env);
      const a = (await api(page, 'GET', `/api/v1/migration/encounters/${state.encounterA}`)).json;
      const b = (await api(page, 'GET', `/api/v1/migration/encounters/${state.encounterB}`)).json;
      expect(a.birth_date === '1988-05-17', `birth date by keyboard saved as ${a.birth_date}`);
      expect(a.nationality === 'VEN', `"ve" saved as ${a.nationality}`);
      const ta = Date.parse(a.encountered_at);
      const tb = Date.parse(b.encountered_at);
      expect(ta >= opened - 1000 && tb > ta + 1000, `times ${a.encountered_at} and ${b.encountered_at} are not the times of saving`);
      await noEnglish(env);
    },
  },
  {
    name: 'desk: nothing is released to a partner by default; an organization default is shown as such (defect 5)',
    async run(env) {
      const { page, expect } = env;
      await openRegister(env);
      for (const r of ['PAN', 'USA', 'ALL']) expect(!(await page.isChecked(`[data-testid=f-rel-${r}]`)), `${r} is pre-ticked`);
      expect((await page.locator('[data-testid=rel-org-default]').count()) === 0, 'an organization default is claimed');
      // SENAFRONT states a default (needs the server's default_releasability, contract).
      await signInAs(env, 'senafront.admin');
      const me = (await api(page, 'GET', '/api/v1/me')).json;
      const set = await api(page, 'PATCH', `/api/v1/orgs/${me.org.id}`, { default_releasability: ['PAN'] });
      expect(set.status === 200, `PATCH org default_releasability: ${set.status} ${JSON.stringify(set.json)}`);
      try {
        await signInAs(env, 'senafront.officer');
        await openRegister(env);
        expect(await page.isChecked('[data-testid=f-rel-PAN]'), 'the organization default is not ticked');
        expect(!(await page.isChecked('[data-testid=f-rel-USA]')), 'USA ticked beyond the default');
        expect(/Predeterminado de su organización/.test(await page.innerText('[data-testid=rel-org-default]')), 'the default is not named');
        await page.uncheck('[data-testid=f-rel-PAN]');
      } finally {
        await signInAs(env, 'senafront.admin');
        await api(page, 'PATCH', `/api/v1/orgs/${me.org.id}`, { default_releasability: [] });
      }
    },
  },
  {
    name: 'desk: a 200-character name shows its counter, is not cut, and wraps in lists (defect 6)',
    async run(env) {
      const { page, base, expect } = env;
      await signInAs(env, 'senafront.officer');
      await openRegister(env);
      const long = `X${tag}`.padEnd(201, 'Y');
      await fillDesk(env, { name: long });
      expect((await page.inputValue('#f-name')).length === 201, 'the name was cut');
      expect(/^201 de 200$/.test(await page.innerText('[data-testid=f-name-counter]')), `counter: ${await page.innerText('[data-testid=f-name-counter]')}`);
      await submitDesk(env);
      const err = await page.waitForSelector('[data-testid=error-name]:not([hidden])');
      expect(/límite de 200/.test(await err.innerText()), `name error: ${await err.innerText()}`);
      await page.fill('#f-name', long.slice(0, 200));
      await submitDesk(env);
      await page.waitForSelector('[data-testid=register-saved]');
      await page.goto(`${base}/migration/encounters?name=${encodeURIComponent(long.slice(0, 30))}`);
      await page.waitForSelector('[data-testid=encounters-table] tbody tr');
      const fits = await page.evaluate(() => {
        const t = document.querySelector('[data-testid=encounters-table]');
        const wrap = t.closest('.panel');
        return t.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1 && document.documentElement.scrollWidth <= window.innerWidth;
      });
      expect(fits, 'the encounter list is wider than its panel');
      await page.goto(`${base}/migration`);
      await page.waitForSelector('[data-testid=latest-encounters]');
      const latestFits = await page.evaluate(() => {
        const t = document.querySelector('[data-testid=latest-encounters]');
        return t.getBoundingClientRect().right <= t.closest('.panel').getBoundingClientRect().right + 1;
      });
      expect(latestFits, "the overview's latest encounters are clipped");
      await env.shot(page, 'desk-02-long-name');
    },
  },
  {
    name: 'desk: the country picker takes names and "ve", refuses "XXX" (defect 7)',
    async run(env) {
      const { page, expect } = env;
      await openRegister(env);
      await fillDesk(env, { name: `País Prueba ${tag}`, nationality: 'XXX' });
      await submitDesk(env);
      const err = await page.waitForSelector('[data-testid=error-nationality]:not([hidden])');
      expect(/Elija un país/.test(await err.innerText()), `nationality error: ${await err.innerText()}`);
      await page.fill('#f-nationality', '');
      await page.type('#f-nationality', 'hai');
      await page.waitForSelector('[data-testid=f-nationality-options] [data-code=HTI]');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      expect((await page.inputValue('#f-nationality')) === 'Haití (HTI)', `picked ${await page.inputValue('#f-nationality')}`);
      await page.fill('#f-nationality', 've');
      await page.locator('#f-name').focus();
      expect(/^Venezuela.* \(VEN\)$/.test(await page.inputValue('#f-nationality')), `"ve" became ${await page.inputValue('#f-nationality')}`);
      await noEnglish(env);
    },
  },
  {
    name: 'desk: a withheld or missing record says so, with no Retry (defect 9)',
    async run(env) {
      const { page, base, expect } = env;
      // An encounter of SENAFRONT released to nobody, read by a DHS analyst.
      await signInAs(env, 'dhs.analyst');
      await page.goto(`${base}/migration/encounters/${state.encounterB}`);
      const box = await page.waitForSelector('[data-testid=not-found]');
      expect(/no fue difundido a su organización/.test(await box.innerText()), `not-found text: ${await box.innerText()}`);
      expect((await page.locator('main button:has-text("Reintentar")').count()) === 0, 'a Retry that can never work');
      await page.goto(`${base}/migration/encounters/01900000-0000-7000-8000-000000000000`);
      await page.waitForSelector('[data-testid=not-found]');
      await noEnglish(env);
    },
  },
  {
    name: 'desk: a repatriation case is opened through a search picker, not a pasted id (defect 11)',
    async run(env) {
      const { page, base, expect } = env;
      await signInAs(env, 'senafront.officer');
      await page.goto(`${base}/migration/repatriation`);
      await page.click('[data-testid=case-new]');
      await page.waitForSelector('[data-testid=case-dialog]');
      await page.type('[data-testid=k-search]', 'angel busqueda');
      const option = page.locator('[data-testid=k-search-option]', { hasText: state.nameA });
      await option.waitFor();
      await option.dispatchEvent('mousedown');
      expect((await page.innerText('[data-testid=k-chosen]')).includes(state.nameA), 'the chosen encounter is not named');
      await page.click('[data-testid=case-dialog-save]');
      await page.waitForSelector('[data-testid=case-dialog]', { state: 'detached' });
      await page.locator('[data-testid=cases-table] tbody tr', { hasText: state.nameA }).waitFor();
      // By document number too.
      await page.click('[data-testid=case-new]');
      await page.type('[data-testid=k-search]', state.docA.toLowerCase());
      await page.locator('[data-testid=k-search-option]', { hasText: state.nameA }).waitFor();
      await page.click('[data-testid=case-dialog] .btn-ghost');
    },
  },
  {
    name: 'desk: the home station is preselected (defect 12)',
    async run(env) {
      const { page, expect } = env;
      await signInAs(env, 'senafront.admin');
      const users = (await api(page, 'GET', '/api/v1/users')).json.items;
      const officer = users.find((u) => u.username === 'senafront.officer');
      const set = await api(page, 'PATCH', `/api/v1/users/${officer.id}`, { home_station: 'ERM-SAN-VICENTE' });
      expect(set.status === 200, `PATCH home_station: ${set.status} ${JSON.stringify(set.json)}`);
      try {
        await signInAs(env, 'senafront.officer');
        await openRegister(env);
        expect((await page.inputValue('#f-station_id')) === 'ERM-SAN-VICENTE', `station preselected: ${await page.inputValue('#f-station_id')}`);
      } finally {
        await signInAs(env, 'senafront.admin');
        await api(page, 'PATCH', `/api/v1/users/${officer.id}`, { home_station: null });
      }
    },
  },
  {
    name: 'desk: a watchlist hit dispatches istmo:alerts-changed and shows both photos (defect 12, photos)',
    async run(env) {
      const { page, expect } = env;
      const f = faces(env);
      await signInAs(env, 'senafront.supervisor');
      const list = await api(page, 'POST', '/api/v1/biometrics/watchlists', { name: `Lista escritorio ${tag}`, releasability: ['PAN'] });
      expect(list.status === 201 || list.status === 200, `watchlist: ${list.status}`);
      const entry = await api(page, 'POST', `/api/v1/biometrics/watchlists/${list.json.id}/entries`,
        { name: `Vigilado Escritorio ${tag}`, reason: 'prueba del escritorio', photo: readFileSync(f.biden1).toString('base64') });
      expect(entry.status === 201 || entry.status === 200, `entry: ${entry.status} ${JSON.stringify(entry.json)}`);
      await signInAs(env, 'senafront.officer');
      await openRegister(env);
      await page.evaluate(() => {
        window.__alertsChanged = 0;
        window.addEventListener('istmo:alerts-changed', () => { window.__alertsChanged += 1; });
      });
      await fillDesk(env, { name: `Otro Nombre ${tag}`, photo: f.biden2 });
      await submitDesk(env);
      await page.waitForSelector('[data-testid=register-result] [data-testid=watchlist-hits]');
      expect(await page.evaluate(() => window.__alertsChanged) === 1, 'istmo:alerts-changed was not dispatched once');
      // Earlier tests of the run leave the same face on other lists: this list's hit is the one
      // that names the person listed here.
      const cmp = page.locator('[data-testid=hit-compare-item]', { hasText: `Vigilado Escritorio ${tag}` });
      expect((await cmp.count()) === 1, `the listed person is not named: ${await page.locator('[data-testid=hit-compare-item]').allInnerTexts()}`);
      expect((await cmp.locator('[data-testid=compare-new]').getAttribute('src')).startsWith('data:image/jpeg'), 'the new photo is not shown');
      expect((await cmp.locator('[data-field=name] [data-testid=differs]').count()) === 1, 'the differing name is not flagged');
      const earlier = cmp.locator('[data-testid=compare-earlier-img]');
      expect((await earlier.count()) === 1 && /\/photo\?size=thumb$/.test(await earlier.getAttribute('src')), 'the listed photo is not shown (photo_url)');
      await noEnglish(env);
      await env.shot(page, 'desk-03-hit-side-by-side');
      // The hit is an alert of the Migration area too, not only of the Alerts page.
      await page.goto(`${env.base}/migration`);
      const listed = await page.waitForFunction((name) => document.querySelector('[data-testid=area-migration]')?.textContent?.includes(name),
        `Lista escritorio ${tag}`, { timeout: 15000 }).then(() => true, () => false);
      expect(listed, 'the Migration overview does not list the watchlist hit');
    },
  },
  {
    name: 'desk: "seen before" shows the earlier photo beside the new one, with what differs (feature: photos)',
    async run(env) {
      const { page, expect } = env;
      const f = faces(env);
      await openRegister(env);
      await fillDesk(env, { name: `Primera Foto ${tag}`, photo: f.obama1, nationality: 'usa' });
      await submitDesk(env);
      await page.waitForSelector('[data-testid=register-saved]');
      const first = await savedId(env);
      await fillDesk(env, { name: `Segunda Foto ${tag}`, photo: f.obama2, nationality: 'col' });
      await submitDesk(env);
      const row = page.locator('[data-testid=earlier-table] li', { hasText: `Primera Foto ${tag}` });
      await row.waitFor();
      const cmp = row.locator('[data-testid=earlier-compare]');
      expect((await cmp.locator('[data-field=name] [data-testid=differs]').count()) === 1, 'a different name is not flagged');
      expect((await cmp.locator('[data-field=nationality] [data-testid=differs]').count()) === 1, 'a different nationality is not flagged');
      expect((await cmp.locator('[data-field=birth_date] [data-testid=differs]').count()) === 0, 'the same birth date is flagged');
      const thumb = cmp.locator('[data-testid=compare-earlier-img]');
      expect((await thumb.count()) === 1 && /\/photo\?size=thumb$/.test(await thumb.getAttribute('src')), 'the earlier photo is not shown (photo_url)');
      await cmp.locator('[data-testid=compare-earlier]').click();
      expect(!(await thumb.getAttribute('src')).includes('size=thumb'), 'a click does not open the full photo');
      // The encounter's page shows its photo.
      await env.page.goto(`${env.base}/migration/encounters/${first}`);
      await page.waitForSelector('[data-testid=encounter-facts]');
      const img = await page.$('[data-testid=encounter-photo-thumb-img]');
      expect(img, "the encounter's page shows no photo (photo_url)");
      await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, img);
      await env.shot(page, 'desk-04-seen-before');
    },
  },
  {
    name: 'desk: identify shows one row per person with names and photos, pluralised (feature: photos; defect 12)',
    async run(env) {
      const { page, base, expect } = env;
      await signInAs(env, 'snm.analyst');
      await page.goto(`${base}/migration/identify`);
      await page.setInputFiles('#i-photo', faces(env).obama3);
      await page.waitForSelector('[data-testid=photo-preview]:not([hidden])');
      await page.click('[data-testid=identify-submit]');
      const summary = await (await page.waitForSelector('[data-testid=identify-summary]')).innerText();
      expect(/^\d+ caras? coincidentes?, de \d+ personas?/.test(summary) && !/[{}]|\(s\)/.test(summary), `summary: ${summary}`);
      const rows = page.locator('[data-testid=candidates-table] tbody tr');
      const persons = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-person')));
      expect(new Set(persons).size === persons.length, 'a person has more than one row');
      const best = rows.first();
      const name = await best.locator('.people-name').innerText();
      expect(!/^[0-9a-f]{4}…/.test(name) && !/sin encuentros visibles/.test(name), `best candidate named ${name}`);
      const img = best.locator('[data-testid=candidate-photo-img]');
      expect((await img.count()) === 1 && /\/photo\?size=thumb$/.test(await img.getAttribute('src')), 'no thumbnail (photo_url)');
      await noEnglish(env);
      await env.shot(page, 'desk-05-identify-people');
    },
  },
  {
    name: 'desk: the Encounters search finds by name without accents, document and birth date, with total and cursor (feature: search)',
    async run(env) {
      const { page, base, expect } = env;
      await signInAs(env, 'senafront.officer');
      await page.goto(`${base}/migration/encounters`);
      await page.waitForSelector('[data-testid=encounters-table] tbody tr');
      await page.fill('#e-name', 'ANGEL busqueda');
      await page.click('[data-testid=encounter-filter-apply]');
      await page.waitForFunction((n) => {
        const rows = [...document.querySelectorAll('[data-testid=encounters-table] tbody tr')];
        return rows.length === 1 && rows[0].textContent.includes(n);
      }, state.nameA);
      expect(new URL(page.url()).searchParams.get('name') === 'ANGEL busqueda', `name not in the address: ${page.url()}`);
      await page.fill('#e-name', '');
      await page.fill('#e-document', state.docA.toLowerCase());
      await page.click('[data-testid=encounter-filter-apply]');
      await page.waitForFunction((n) => document.querySelector('[data-testid=encounters-table] tbody')?.textContent.includes(n), state.nameA);
      await page.fill('#e-document', '');
      await page.fill('[data-testid=e-birth-day]', '17/05/1988');
      await page.click('[data-testid=encounter-filter-apply]');
      await page.waitForFunction((n) => document.querySelector('[data-testid=encounters-table] tbody')?.textContent.includes(n), state.nameA);
      expect(new URL(page.url()).searchParams.get('birth_date') === '1988-05-17', `birth date in the address: ${page.url()}`);
      // Paging by the API's cursor.
      await page.goto(`${base}/migration/encounters?station_id=ERM-BAJO-CHIQUITO`);
      await page.waitForSelector('[data-testid=encounters-more]');
      const asked = page.waitForRequest((r) => r.url().includes('/api/v1/migration/encounters?') && r.url().includes('cursor='));
      await page.click('[data-testid=encounters-more]');
      await asked;
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=encounters-table] tbody tr').length === 100);
      const count = await page.innerText('[data-testid=encounters-count]');
      expect(/^100 de [\d.,  ]+ encuentros$/.test(count), `count: ${count}`);
      await noEnglish(env);
      await env.shot(page, 'desk-06-search');
    },
  },
  {
    name: 'desk: an officer corrects a record with a reason; the history shows who, when, what and why (feature: corrections)',
    async run(env) {
      const { page, base, expect } = env;
      await page.goto(`${base}/migration/encounters/${state.encounterA}`);
      await page.click('[data-testid=correct-open]');
      await page.waitForSelector('[data-testid=correct-form]');
      expect((await page.locator('[data-testid=correct-form] input[type=date]').count()) === 0, 'a native date control in the correction form');
      await page.fill('#x-name', `Ángel Corregido ${tag}`);
      await page.click('[data-testid=correct-submit]');
      await page.waitForSelector('[data-testid=correct-form] [data-testid=error-reason]:not([hidden])');
      await page.fill('#x-nationality', 'col');
      await page.fill('[data-testid=x-reason]', `ortografía según el pasaporte ${tag}`);
      await page.click('[data-testid=correct-submit]');
      const hist = await page.waitForSelector('[data-testid=encounter-history]');
      const text = await hist.innerText();
      expect(text.includes('senafront.officer') && text.includes(`ortografía según el pasaporte ${tag}`), `history: ${text}`);
      expect(text.includes(state.nameA) && text.includes(`Ángel Corregido ${tag}`), `history lacks old → new: ${text}`);
      expect(text.includes('Colombia'), `history lacks the nationality change: ${text}`);
      expect((await page.innerText('[data-testid=encounter-facts]')).includes(`Ángel Corregido ${tag}`), 'the record was not corrected');
      await noEnglish(env);
      await env.shot(page, 'desk-07-correction');
      // Another organization reads the history but is not offered the correction.
      await signInAs(env, 'snm.analyst');
      await page.goto(`${base}/migration/encounters/${state.encounterA}`);
      await page.waitForSelector('[data-testid=encounter-history]');
      expect((await page.locator('[data-testid=correct-panel]').count()) === 0, 'another organization is offered the correction');
    },
  },
  {
    name: 'desk: the register page at 390×844 fits the phone, with a camera button (defect 3)',
    async run(env) {
      const { page, expect } = env;
      await signInAs(env, 'senafront.officer');
      await page.setViewportSize(PHONE);
      try {
        await openRegister(env);
        const camera = page.locator('[data-testid=f-photo-camera]');
        expect(await camera.isVisible(), 'no camera button on a phone');
        expect((await page.getAttribute('[data-testid=f-photo-capture]', 'capture')) === 'environment', 'the camera input does not ask for the rear camera');
        await page.screenshot({ path: resolve(env.artifacts, '../../register-390x844.png'), fullPage: true });
        await env.shot(page, 'desk-08-register-390');
        const fit = await page.evaluate(() => {
          const form = document.querySelector('[data-testid=register-form]').getBoundingClientRect();
          return { scroll: document.documentElement.scrollWidth, left: form.left, right: form.right, width: window.innerWidth };
        });
        expect(fit.scroll <= fit.width && fit.left >= 0 && fit.right <= fit.width, `the form does not fit: ${JSON.stringify(fit)}`);
        await page.fill('[data-testid=f-birth-day]', '04/08/1961');
        expect((await page.inputValue('[data-testid=f-birth-year]')) === '1961', 'a typed date does not fill the parts on a phone');
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    },
  },
];
