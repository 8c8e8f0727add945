// Browser tests of the canal pages (issue 15, web side), run by tests/web/run.mjs after its own:
// a list of { name, run(h) } with the run's harness h (page, base, expect, shot, login, logout,
// tag). In Spanish at 1440×900 unless a test says 390×844. The story, in order:
//   an analyst writes a rule (the live check shows a syntax error at its line and column first),
//   imports a manifest and a transit schedule through the API (the import scores its lines), and
//   sees the containers ranked with the rule as their reason, in Spanish and in English; the
//   upcoming transit shows its containers' risk; a supervisor keeps a unit and assigns the
//   inspection; an officer records a positive result (a positive without drugs refused first);
//   the rule's yield counts it; the rules list shows each rule's suggested weight (one that differs
//   is applied when the data has one); an organization the records are not released to sees none of them.
// The users are the demo's ana.analyst, ana.officer and ana.supervisor (Autoridad Nacional de
// Aduanas) when the server has them; otherwise the tests make three users of SENAFRONT.
import { expectNoEnglishServerText, expectNoHorizontalOverflow } from './lib-checks.mjs';

const DEMO_PASSWORD = 'Istmo-Demo-2024';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const OUTSIDER = 'dhs.analyst';   // an analyst of another country's agency: nothing is released to it

// ISO 6346: the check digit of an owner code, category and six-digit serial ("MSKU123456").
export function containerCheckDigit(first10) {
  const value = (c) => {
    if (/\d/.test(c)) return Number(c);
    // A=10 … Z=38, skipping the multiples of 11.
    let v = 10;
    for (let x = 'A'.charCodeAt(0); x < c.charCodeAt(0); x++) {
      v++;
      if (v % 11 === 0) v++;
    }
    return v;
  };
  const sum = [...first10].reduce((s, c, i) => s + value(c) * 2 ** i, 0);
  return (sum % 11) % 10;
}
const containerNumber = (owner, serial) => {
  const first = `${owner}U${String(serial).padStart(6, '0')}`;
  return `${first}${containerCheckDigit(first)}`;
};
// IMO number: six digits and a check digit, the last digit of Σ d_i × (7 − i).
export function imoNumber(six) {
  const d = String(six).padStart(6, '0');
  const sum = [...d].reduce((s, c, i) => s + Number(c) * (7 - i), 0);
  return `${d}${sum % 10}`;
}

// A call to the API from the page, with the session cookie and its CSRF value.
async function api(page, method, path, body, contentType = 'application/json') {
  return page.evaluate(async ([m, p, b, ct]) => {
    const csrf = (document.cookie.split(';').map((s) => s.trim()).find((s) => s.startsWith('istmo_csrf=')) ?? '').slice('istmo_csrf='.length);
    const r = await fetch(p, {
      method: m, body: b === null ? undefined : ct === 'application/json' ? JSON.stringify(b) : b,
      headers: { Accept: 'application/json', 'Content-Type': ct, 'X-CSRF-Token': csrf },
    });
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = text; }
    return { status: r.status, json };
  }, [method, path, body ?? null, contentType]);
}

// The state the story carries from one test to the next.
const S = {
  users: null,          // { analyst, officer, supervisor, password }
  ruleName: '',
  ruleId: '',
  imo: '',
  containers: [],       // the container numbers the rule fires on
  plain: '',            // a container it does not fire on
  transitId: '',
  unitName: '',
  inspectionId: '',
  importId: '',
  yieldBefore: null,
  lanesBefore: null,    // the organization's rates before the test changed them
};

async function signIn(h, username, password) {
  const { page, base } = h;
  await page.goto(`${base}/login`);
  await page.waitForSelector('#username, [data-testid=logout]');
  if (await page.locator('[data-testid=logout]').count()) await h.logout();
  if ((await page.getAttribute('html', 'lang')) !== 'es') await page.click('[data-testid=lang-es]');
  await page.waitForSelector('html[lang=es]');
  await h.login(username, password ?? S.users?.password ?? DEMO_PASSWORD);
  await page.waitForSelector('[data-testid=logout]');
}

// The demo's ANA users when they sign in; else three users of SENAFRONT made by its admin.
async function canalUsers(h) {
  if (S.users) return S.users;
  const r = await fetch(`${h.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'ana.analyst', password: DEMO_PASSWORD }),
  });
  if (r.ok) {
    S.users = { analyst: 'ana.analyst', officer: 'ana.officer', supervisor: 'ana.supervisor', password: DEMO_PASSWORD };
    return S.users;
  }
  const suffix = h.tag.toLowerCase();
  const password = `Canal-Prueba-${h.tag}-7q`;
  await signIn(h, 'senafront.admin', DEMO_PASSWORD);
  const users = { password };
  for (const role of ['analyst', 'officer', 'supervisor']) {
    const username = `canal.${role}.${suffix}`;
    const c = await api(h.page, 'POST', '/api/v1/users', { username, display_name: `Canal ${role} ${h.tag}`, password, roles: [role] });
    h.expect(c.status === 201 || c.status === 200, `creating ${username}: ${c.status} ${JSON.stringify(c.json)}`);
    users[role] = username;
  }
  await h.logout();
  S.users = users;
  return users;
}

function manifestCsv(lines) {
  const cols = ['bill_of_lading', 'container_number', 'shipper_name', 'shipper_address', 'consignee_name', 'hs_code',
    'port_of_loading', 'port_of_discharge', 'transshipment_ports', 'weight_kg', 'vessel_imo', 'voyage'];
  const q = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [cols.join(','), ...lines.map((l) => cols.map((c) => q(l[c] ?? '')).join(','))].join('\n');
}

function utcDate(plusDays) {
  return new Date(Date.now() + plusDays * 86400_000).toISOString().slice(0, 10);
}

export const CANAL_TESTS = [
  {
    name: 'canal: an analyst writes a rule; the live check points at a syntax error first',
    async run(h) {
      const { page, base, expect, shot, tag } = h;
      const u = await canalUsers(h);
      await signIn(h, u.analyst);
      S.ruleName = `Banano de origen de riesgo ${tag}`;
      await page.goto(`${base}/canal/rules`);
      await page.waitForSelector('[data-testid=rules-table], [data-testid=canal-rules] .empty');
      await page.click('[data-testid=rule-new]');
      await page.waitForSelector('[data-testid=rule-form]');
      await page.fill('#rule-name', S.ruleName);
      // Unbalanced: the check answers with the line and column of the error.
      await page.fill('#rule-expression', 'hs_code starts_with "0803" and (port_of_loading in ["ECGYE", "COBUN"]');
      const err = await page.waitForSelector('[data-testid=rule-check-error]');
      expect(await err.getAttribute('data-line') === '1' && Number(await err.getAttribute('data-column')) > 30,
        `error at line ${await err.getAttribute('data-line')}, column ${await err.getAttribute('data-column')}: ${await err.innerText()}`);
      expect((await err.innerText()).includes('línea 1'), `error text: ${await err.innerText()}`);
      await page.waitForSelector('[data-testid=rule-check-caret]');
      await expectNoEnglishServerText(page, 'rule editor');
      await shot(page, 'canal-rule-check-error-1440');
      // Bananas from two source ports, from this run's shipper only (the demo's lines keep their scores).
      await page.fill('#rule-expression', `hs_code starts_with "0803" and port_of_loading in ["ECGYE", "COBUN"] and shipper contains "${tag.toLowerCase()}"`);
      await page.waitForSelector('[data-testid=rule-check][data-state=ok]');
      await page.fill('#rule-weight', '100');
      await page.fill('#rule-explanation-es', `Banano desde un puerto de origen con embarcador de prueba ${tag}`);
      await page.fill('#rule-explanation-en', `Bananas from a source port with test shipper ${tag}`);
      await page.click('[data-testid=rule-save]');
      await page.waitForSelector('[data-testid=canal-rule] [data-testid=rule-status][data-status=active]');
      S.ruleId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
      expect((await page.innerText('[data-testid=page-title]')).includes(S.ruleName), 'the rule page is titled by the rule');
      await shot(page, 'canal-rule-1440');
    },
  },
  {
    name: 'canal: a supervisor sets the lane rates on the lanes page; three rates above 100 % together are refused first',
    async run(h) {
      const { page, base, expect, shot } = h;
      const u = await canalUsers(h);
      await signIn(h, u.supervisor);
      const before = await api(page, 'GET', '/api/v1/canal/lanes');
      expect(before.status === 200, `lanes: ${before.status} ${JSON.stringify(before.json)}`);
      S.lanesBefore = { red_rate: before.json.red_rate, yellow_rate: before.json.yellow_rate, random_rate: before.json.random_rate };
      await page.goto(`${base}/canal/lanes`);
      await page.waitForSelector('[data-testid=lanes-form]');
      await page.fill('#lanes-red_rate', '60');
      await page.fill('#lanes-yellow_rate', '30');
      await page.fill('#lanes-random_rate', '20');
      await page.click('[data-testid=lanes-save]');
      const sum = await page.waitForSelector('[data-testid=error-random_rate]:not([hidden])');
      expect((await sum.innerText()).includes('100 %'), `sum refused with: ${await sum.innerText()}`);
      // A red lane wide enough that this run's lines of score 100 are red whatever the demo's
      // scores of the last 30 days; the supervisor's test puts the rates back.
      await page.fill('#lanes-red_rate', '20');
      await page.fill('#lanes-yellow_rate', '10');
      await page.fill('#lanes-random_rate', '1');
      await page.click('[data-testid=lanes-save]');
      await page.waitForSelector('[data-testid=lane-red-rate] .kpi-value >> text=20.0');
      const after = await api(page, 'GET', '/api/v1/canal/lanes');
      expect(Math.abs(after.json.red_rate - 0.2) < 1e-9 && Math.abs(after.json.random_rate - 0.01) < 1e-9, `saved rates: ${JSON.stringify(after.json)}`);
      await expectNoEnglishServerText(page, 'lanes');
      await shot(page, 'canal-lanes-1440');
    },
  },
  {
    name: 'canal: a manifest and a transit imported through the API are scored; containers ranked with the reason in Spanish and English',
    async run(h) {
      const { page, base, expect, shot, tag } = h;
      const u = await canalUsers(h);
      await signIn(h, u.analyst);
      const seed = Number.parseInt(tag.slice(-5), 36) % 900000 + 50000;
      S.imo = imoNumber(seed);
      const owner = 'TST';
      S.containers = [containerNumber(owner, seed), containerNumber(owner, seed + 1)];
      S.plain = containerNumber(owner, seed + 2);
      const line = (n, i, over) => ({
        bill_of_lading: `BL${tag}${i}`, container_number: n, shipper_name: `Exportadora Prueba ${tag} S.A.`, shipper_address: 'Av. 9 de Octubre, Guayaquil',
        consignee_name: `Importadora Norte ${tag}`, hs_code: '080390', port_of_loading: 'ECGYE', port_of_discharge: 'NLRTM',
        transshipment_ports: '', weight_kg: '21500', vessel_imo: S.imo, voyage: `V${tag}`, ...over,
      });
      const csv = manifestCsv([line(S.containers[0], 0), line(S.containers[1], 1, { port_of_loading: 'COBUN' }),
        line(S.plain, 2, { hs_code: '847130', port_of_loading: 'CNSHA', shipper_name: `Electrónica Prueba ${tag}` })]);
      const m = await api(page, 'POST', '/api/v1/canal/manifests', csv, 'text/csv');
      expect(m.status === 201 && m.json.imported === 3, `manifest import: ${m.status} ${JSON.stringify(m.json)}`);
      const transits = [
        'transit_date,slot,vessel_imo,vessel_name,direction,lock_set,last_port,next_port',
        `${utcDate(1)},N${tag.slice(-4)},${S.imo},PRUEBA ${tag},northbound,neopanamax,ECGYE,NLRTM`,
      ].join('\n');
      const tr = await api(page, 'POST', '/api/v1/canal/transits', transits, 'text/csv');
      expect(tr.status === 201 && tr.json.imported === 1, `transit import: ${tr.status} ${JSON.stringify(tr.json)}`);
      // Imports score their new lines; a run by hand makes sure of it whatever the import did.
      const run = await api(page, 'POST', '/api/v1/canal/score', { import_id: m.json.import_id });
      expect(run.status === 200 || run.status === 201, `score: ${run.status} ${JSON.stringify(run.json)}`);

      // This import's lines: the demo's own may rank above them.
      S.importId = m.json.import_id;
      await page.goto(`${base}/canal/containers?import_id=${S.importId}&min_score=100`);
      await page.waitForSelector('[data-testid=scores-table]');
      for (const n of S.containers) {
        const row = page.locator(`[data-testid=scores-table] tr[data-container="${n}"]`);
        await row.waitFor();
        expect(Number(await row.getAttribute('data-score')) >= 100, `score of ${n}: ${await row.getAttribute('data-score')}`);
        const reasons = await row.locator('[data-testid=reasons]').innerText();
        expect(reasons.includes(S.ruleName) && reasons.includes(`Banano desde un puerto de origen con embarcador de prueba ${tag}`), `reasons of ${n}: ${reasons}`);
      }
      expect(await page.locator(`tr[data-container="${S.plain}"]`).count() === 0, 'a container the rule does not fire on is under the minimum score');
      expect(new URL(page.url()).search === `?import_id=${S.importId}&min_score=100`, `the filter stays in the address: ${page.url()}`);
      await expectNoEnglishServerText(page, 'containers');
      await shot(page, 'canal-containers-1440');
      await page.click('[data-testid=lang-en]');
      await page.waitForSelector('html[lang=en]');
      const row = page.locator(`[data-testid=scores-table] tr[data-container="${S.containers[0]}"]`);
      await row.waitFor();
      const en = await row.locator('[data-testid=reasons]').innerText();
      expect(en.includes(`Bananas from a source port with test shipper ${tag}`), `English reasons: ${en}`);
      await page.click('[data-testid=lang-es]');
      await page.waitForSelector('html[lang=es]');

      // The container's page: its line, parties linked to their history, and the risk.
      await page.click(`tr[data-container="${S.containers[0]}"] [data-testid=container-link]`);
      await page.waitForSelector('[data-testid=canal-container] [data-testid=container-risk]');
      const risk = await page.innerText('[data-testid=container-risk]');
      expect(risk.includes(S.ruleName), `container risk: ${risk}`);
      await page.click('[data-testid=canal-container] [data-testid=party-link] >> nth=0');
      await page.waitForSelector('[data-testid=canal-party] [data-testid=history-figures]');
      expect(Number((await page.innerText('[data-testid=hist-lines] .kpi-value')).replace(/\D/g, '')) >= 2, 'the shipper has the lines imported');
    },
  },
  {
    name: "canal: the upcoming transit shows the vessel and its containers' risk; the transit page lists them",
    async run(h) {
      const { page, base, expect, shot } = h;
      const u = await canalUsers(h);
      await signIn(h, u.officer);
      await page.goto(`${base}/canal/transits`);
      const row = page.locator(`[data-testid=transits-table] tr[data-imo="${S.imo}"]`);
      await row.waitFor();
      const text = await row.innerText();
      expect(/máx\. 1\d\d|máx\. [2-9]\d\d/.test(text) || text.includes('máx.'), `transit risk: ${text}`);
      expect(text.includes('Hacia el norte'), `direction in Spanish: ${text}`);
      S.transitId = await row.getAttribute('data-transit');
      await shot(page, 'canal-transits-1440');
      await row.locator('[data-testid=transit-link]').click();
      await page.waitForSelector('[data-testid=canal-transit] [data-testid=transit-facts]');
      for (const n of S.containers) await page.waitForSelector(`[data-testid=transit-containers] tr >> text=${n}`);
      await expectNoEnglishServerText(page, 'transit');
      await page.setViewportSize(PHONE);
      await expectNoHorizontalOverflow(page, 'transit page, phone');
      await shot(page, 'canal-transit-390');
      await page.setViewportSize(DESKTOP);
    },
  },
  {
    name: 'canal: a supervisor keeps a unit and assigns the inspection; an officer records a positive result',
    async run(h) {
      const { page, base, expect, shot, tag } = h;
      const u = await canalUsers(h);
      // The yield before the result, to see it change.
      await signIn(h, u.analyst);
      const y = await api(page, 'GET', '/api/v1/canal/yield');
      expect(y.status === 200, `yield: ${y.status}`);
      S.yieldBefore = y.json.rules.find((r) => r.rule_id === S.ruleId) ?? { inspected: 0, positives: 0 };

      await signIn(h, u.supervisor);
      if (S.lanesBefore) {
        const back = await api(page, 'PUT', '/api/v1/canal/lanes', S.lanesBefore);
        expect(back.status === 200, `lane rates put back: ${back.status} ${JSON.stringify(back.json)}`);
      }
      await page.goto(`${base}/canal/inspections`);
      await page.waitForSelector('[data-testid=units-panel]');
      S.unitName = `Unidad Balboa ${tag}`;
      await page.fill('#unit-name', S.unitName);
      await page.fill('#unit-terminal', 'PABLB');
      await page.click('[data-testid=unit-save]');
      await page.waitForSelector(`[data-testid=units] >> text=${S.unitName}`);
      // The rule's red lane queued the container (the ranked list links its inspection); if the
      // lanes left it green, the supervisor queues it by hand from the container's page.
      const target = S.containers[0];
      await page.goto(`${base}/canal/containers?import_id=${S.importId}`);
      const ranked = page.locator(`[data-testid=scores-table] tr[data-container="${target}"]`);
      await ranked.waitFor();
      if (await ranked.locator('[data-testid=inspection-link]').count()) {
        await ranked.locator('[data-testid=inspection-link]').click();
      } else {
        await page.goto(`${base}/canal/containers/${target}`);
        await page.click('[data-testid=queue-line]');
      }
      await page.waitForSelector('[data-testid=canal-inspection] [data-testid=inspection-status][data-status=queued]');
      S.inspectionId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
      await page.selectOption('[data-testid=canal-inspection] [data-testid=assign-unit]', { label: `${S.unitName} · PABLB` });
      await page.click('[data-testid=canal-inspection] [data-testid=assign]');
      await page.waitForSelector('[data-testid=inspection-status][data-status=assigned]');
      await page.goto(`${base}/canal/inspections`);
      await page.waitForSelector(`[data-testid=unit-table] tr[data-inspection="${S.inspectionId}"]`);
      await shot(page, 'canal-queue-1440');
      await expectNoEnglishServerText(page, 'queue');

      await signIn(h, u.officer);
      await page.goto(`${base}/canal/inspections/${S.inspectionId}`);
      await page.waitForSelector('[data-testid=result-form]');
      await page.check('[data-testid=res-scan_result-anomaly]');
      await page.check('[data-testid=res-physical_exam-done]');
      await page.check('[data-testid=res-seal_check-broken]');
      await page.check('[data-testid=res-result-positive]');
      await page.click('[data-testid=res-save]');
      const refused = await page.waitForSelector('[data-testid=error-result]:not([hidden])');
      expect((await refused.innerText()).includes('drogas o contrabando'), `positive without a finding: ${await refused.innerText()}`);
      await page.selectOption('[data-testid=drug-type-0]', 'cocaine');
      await page.fill('[data-testid=drug-kg-0]', '212,5');
      await page.fill('#res-notes', `Ladrillos bajo el falso piso ${tag}`);
      await page.setViewportSize(PHONE);
      await expectNoHorizontalOverflow(page, 'result form, phone');
      await shot(page, 'canal-result-form-390');
      await page.setViewportSize(DESKTOP);
      await page.click('[data-testid=res-save]');
      await page.waitForSelector('[data-testid=inspection-status][data-status=done]');
      const result = await page.innerText('[data-testid=inspection-result]');
      expect(result.includes('Positivo') && result.includes('Cocaína') && result.includes('212.5'), `result: ${result}`);
      await page.goto(`${base}/canal/inspections?view=done`);
      await page.waitForSelector(`[data-testid=done-table] tr[data-inspection="${S.inspectionId}"][data-result=positive]`);
      await expectNoEnglishServerText(page, 'done list');
    },
  },
  {
    name: "canal: the rule's yield counts the inspection; the dashboard shows it",
    async run(h) {
      const { page, base, expect, shot } = h;
      const u = await canalUsers(h);
      await signIn(h, u.analyst);
      await page.goto(`${base}/canal/rules`);
      const row = page.locator(`[data-testid=rules-table] tr[data-rule="${S.ruleId}"]`);
      await row.waitFor();
      const cells = await row.locator('td').allInnerTexts();
      const inspected = Number(cells[4].replace(/\D/g, ''));
      const positives = Number(cells[5].replace(/\D/g, ''));
      expect(inspected === S.yieldBefore.inspected + 1 && positives === S.yieldBefore.positives + 1,
        `yield before ${JSON.stringify(S.yieldBefore)}, row now: ${cells.join(' | ')}`);
      await shot(page, 'canal-rules-1440');
      await page.goto(`${base}/canal`);
      await page.waitForSelector('[data-testid=canal-dashboard] [data-testid=kpi-done]');
      await page.waitForFunction(() => !document.querySelector('main [aria-busy=true]'));
      await expectNoEnglishServerText(page, 'dashboard');
      await shot(page, 'canal-dashboard-1440');
      await page.setViewportSize(PHONE);
      await expectNoHorizontalOverflow(page, 'dashboard, phone');
      await shot(page, 'canal-dashboard-390');
      await page.goto(`${base}/canal/containers?import_id=${S.importId}`);
      await page.waitForSelector('[data-testid=scores-table]');
      await expectNoHorizontalOverflow(page, 'containers, phone');
      await shot(page, 'canal-containers-390');
      await page.setViewportSize(DESKTOP);
    },
  },
  {
    name: 'canal: an analyst sees the suggested weights with their evidence and applies one that differs',
    async run(h) {
      const { page, base, expect, shot } = h;
      const u = await canalUsers(h);
      await signIn(h, u.analyst);
      await page.goto(`${base}/canal/rules`);
      await page.waitForSelector('[data-testid=rules-table] [data-testid=suggestion]');
      const heads = await page.locator('[data-testid=rules-table] th').allTextContents();
      expect(heads.includes('Peso sugerido'), `columns: ${heads.join(' | ')}`);
      // This run's rule has one inspection: too few, and the cell says how many it needs.
      const few = page.locator(`[data-testid=rules-table] tr[data-rule="${S.ruleId}"] [data-testid=suggestion-insufficient]`);
      expect(await few.getAttribute('data-short') === 'rule' && /1 de \d+ inspecciones/.test(await few.innerText()),
        `our rule's suggestion: ${await few.innerText()}`);
      expect((await page.locator(`tr[data-rule="${S.ruleId}"] [data-testid=suggestion-evidence]`).innerText()).includes('1/1'), 'the evidence counts its positive');
      await expectNoEnglishServerText(page, 'suggested weights');
      await shot(page, 'canal-rules-suggestions-1440');
      // Apply the first suggestion that differs from its rule's weight, if the data gives one.
      const apply = page.locator('[data-testid=rules-table] [data-testid=suggestion-apply]').first();
      if (await apply.count()) {
        const id = await apply.evaluate((el) => el.closest('tr').getAttribute('data-rule'));
        const row = page.locator(`[data-testid=rules-table] tr[data-rule="${id}"]`);
        const suggested = (await row.locator('[data-testid=suggested-weight]').innerText()).trim();
        await apply.click();
        await page.waitForSelector(`[data-testid=rules-table] tr[data-rule="${id}"] [data-testid=suggestion][data-state=keep]`);
        const weight = (await page.locator(`tr[data-rule="${id}"] td`).nth(2).innerText()).trim();
        expect(weight === suggested, `weight after applying: ${weight}, suggested ${suggested}`);
        const rule = await api(page, 'GET', `/api/v1/canal/rules/${id}`);
        const last = rule.json.versions.reduce((a, b) => (b.version > a.version ? b : a));
        expect(/^peso según rendimiento \d{4}-\d{2}-\d{2}$/.test(last.note ?? ''), `the new version's note: ${last.note}`);
      }
      await page.click('[data-testid=lang-en]');
      await page.waitForSelector('html[lang=en]');
      await page.waitForSelector('[data-testid=rules-table] th:text-is("Suggested weight")');
      const en = await page.locator(`tr[data-rule="${S.ruleId}"] [data-testid=suggestion-insufficient]`).innerText();
      expect(/1 of \d+ inspections/.test(en), `English suggestion: ${en}`);
      await page.click('[data-testid=lang-es]');
      await page.waitForSelector('html[lang=es]');
    },
  },
  {
    name: 'canal: a supervisor corrects the recorded kg, a reason required first',
    async run(h) {
      const { page, base, expect } = h;
      const u = await canalUsers(h);
      await signIn(h, u.supervisor);
      await page.goto(`${base}/canal/inspections/${S.inspectionId}`);
      await page.click('[data-testid=inspection-correct] summary');
      await page.fill('[data-testid=inspection-correct] [data-testid=drug-kg-0]', '215');
      await page.click('[data-testid=inspection-correct] [data-testid=res-save]');
      await page.waitForSelector('[data-testid=error-correction_reason]:not([hidden])');
      await page.fill('#res-correction', 'Pesaje oficial en el laboratorio');
      await page.click('[data-testid=inspection-correct] [data-testid=res-save]');
      await page.waitForSelector('[data-testid=inspection-result] >> text=215');
      const result = await page.innerText('[data-testid=inspection-result]');
      expect(result.includes('Cocaína 215') && !result.includes('212.5'), `corrected result: ${result}`);
      await expectNoEnglishServerText(page, 'corrected inspection');
    },
  },
  {
    name: 'canal: an organization the records are not released to sees none of them',
    async run(h) {
      const { page, base, expect } = h;
      await signIn(h, OUTSIDER, DEMO_PASSWORD);
      await page.goto(`${base}/canal/containers`);
      await page.waitForSelector('[data-testid=scores-table], [data-testid=canal-containers] .empty');
      for (const n of [...S.containers, S.plain]) expect(await page.locator(`tr[data-container="${n}"]`).count() === 0, `${OUTSIDER} sees ${n}`);
      await page.goto(`${base}/canal/containers/${S.containers[0]}`);
      const box = await page.waitForSelector('[data-testid=canal-container] .error-box');
      expect((await box.innerText()).includes('no es visible'), `missing container says: ${await box.innerText()}`);
      expect(await page.locator('[data-testid=retry]').count() === 0, 'a withheld record offers no Retry');
      await page.goto(`${base}/canal/transits`);
      await page.waitForSelector('[data-testid=transits-table], [data-testid=canal-transits] .empty');
      expect(await page.locator(`tr[data-imo="${S.imo}"]`).count() === 0, `${OUTSIDER} sees the transit`);
      await page.goto(`${base}/canal/rules/${S.ruleId}`);
      await page.waitForSelector('[data-testid=canal-rule] .error-box');
      await expectNoEnglishServerText(page, 'withheld rule');
      await h.logout();
    },
  },
];

// Needs the maritime scenario traffic that run.mjs ingests when it starts its own server (not
// with --url): a transit of a vessel the detectors saw meet another at sea.
export const CANAL_AIS_TESTS = [
  {
    name: "canal: a transit of a vessel seen at sea shows its encounters as badges, in lists and on the map",
    async run(h) {
      const { page, base, expect, shot, tag } = h;
      const u = await canalUsers(h);
      await signIn(h, u.officer);
      const alerts = await api(page, 'GET', '/api/v1/alerts?module=maritime&kind=rendezvous&limit=5');
      const subject = (alerts.json?.items ?? []).map((a) => a.subject).find((x) => /^mmsi:\d{9}$/.test(x ?? ''));
      expect(subject, `a rendezvous alert with an MMSI: ${alerts.status} ${JSON.stringify(alerts.json).slice(0, 300)}`);
      const mmsi = subject.slice(5);
      // An IMO the registry does not know: the transit's MMSI links the vessel.
      const imo = imoNumber((Number.parseInt(tag.slice(-5), 36) % 900000) + 40000);
      const csv = ['transit_date,slot,vessel_imo,vessel_name,mmsi,direction,lock_set,last_port,next_port',
        `${utcDate(2)},S${tag.slice(-4)},${imo},ENCUENTRO ${tag},${mmsi},southbound,panamax,USMIA,PECLL`].join('\n');
      const tr = await api(page, 'POST', '/api/v1/canal/transits', csv, 'text/csv');
      expect(tr.status === 201 && tr.json.imported === 1, `transit import: ${tr.status} ${JSON.stringify(tr.json)}`);
      await page.goto(`${base}/canal/transits`);
      const row = page.locator(`[data-testid=transits-table] tr[data-imo="${imo}"]`);
      await row.waitFor();
      await row.locator('[data-testid=behaviour] [data-kind=encounters]').waitFor();
      const badges = await row.locator('[data-testid=behaviour]').innerText();
      expect(/encuentros? en el mar/.test(badges), `behaviour badges: ${badges}`);
      await row.locator('[data-testid=transit-link]').click();
      await page.waitForSelector('[data-testid=canal-transit] [data-testid=encounters] li');
      await page.waitForSelector('[data-testid=behaviour-map] [data-testid=map][data-ready=true]', { timeout: 60_000 });
      await expectNoEnglishServerText(page, 'transit of a vessel seen at sea');
      await shot(page, 'canal-transit-behaviour-1440');
    },
  },
];
