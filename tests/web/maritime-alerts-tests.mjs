// Browser tests of the maritime alerts and interdiction cases (issue 14; tests/web/run.mjs runs
// them after the Maritime tests, on the same server): the alerts that the labelled scenario
// traffic raised (go-fast runs, a rendezvous, a 14 h dark gap, spoofing, loitering), their list,
// filters and map; an alert's evidence (both tracks of a rendezvous, a gap's two ends, a go-fast's
// speed profile); triage (snooze, dismiss with a reason, suppress a vessel as a supervisor);
// escalation to a case, its status and outcome; the statistics; and a case not released to
// another organization, hidden from it. In Spanish, at 1440×900 and 390×844, with screenshots in
// <artifacts>/screens/maritime-alerts-*.png.
//
// prepareScenarios() feeds the test database before the server starts, the way a receiver's log
// would: `istmo maritime simulate --scenarios` (30 h of a small fleet with the scripted events,
// ending an hour ago) through `istmo maritime ingest`, whose detectors raise the alerts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoEnglishServerText, expectNoHorizontalOverflow } from './lib-checks.mjs';
import { run, screen } from './maritime-tests.mjs';

const PHONE = { width: 390, height: 844 };
// A number as the Spanish (Panama) pages write it, with one decimal: 1,240.5.
const es1 = (n) => new Intl.NumberFormat('es-PA', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
const MAP_MS = 60_000;
// A small background fleet (its lanes give the gap's reception mask some traffic) with its own
// seed, so that its vessels are not the 60,000-station log's.
const SCENARIO_VESSELS = 150;
const SCENARIO_HOURS = 30.5;
const SCENARIO_SEED = 14;

// Simulates the scenarios so that they end an hour before now, ingests them into `db` and returns
// the ingest's counters and the scenarios' labels. Run it before the 60,000-station log, whose
// reports are newer.
export function prepareScenarios({ istmo, db, work, cwd }) {
  const now = Math.floor(Date.now() / 1000);
  const start = new Date((now - 3600 - SCENARIO_HOURS * 3600) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const log = join(work, 'scenarios.nmea');
  const labels = join(work, 'scenarios.json');
  run(istmo, ['maritime', 'simulate', '--scenarios', '--vessels', String(SCENARIO_VESSELS), '--hours', String(SCENARIO_HOURS),
    '--seed', String(SCENARIO_SEED), '--start', start, '--labels', labels, '-o', log], cwd);
  // The detectors' alerts go to SENAN, released to Panama and the United States (as `make run`).
  const env = { ...process.env, ISTMO_MARITIME_ALERTS_OWNER: 'SENAN', ISTMO_MARITIME_ALERTS_RELEASABILITY: 'PAN,USA' };
  const counts = JSON.parse(run(istmo, ['maritime', 'ingest', log, '--max', '--json', '--db', db], cwd, env).trim().split('\n').pop());
  return { ...counts, labels: JSON.parse(readFileSync(labels, 'utf8')) };
}

async function openAlerts(h, query = '') {
  await h.page.goto(`${h.base}/maritime/alerts${query}`);
  await h.page.waitForSelector('[data-testid=mar-alerts-page]');
  await h.page.waitForSelector('[data-testid=alerts-table], [data-testid=mar-alerts-page] .empty');
}

// Opens the first alert of a kind in the list (new ones and snoozed ones alike).
async function openFirst(h, kind) {
  await openAlerts(h, `?kind=${kind}&snoozed=include`);
  const link = h.page.locator('[data-testid=alerts-table] [data-testid=alert-link]').first();
  await link.waitFor();
  await link.click();
  await h.page.waitForSelector('[data-testid=mar-alert-page] [data-testid=triage-panel]');
  await h.page.waitForSelector('[data-testid=evidence-map] [data-testid=map][data-ready=true]', { timeout: MAP_MS });
  return new URL(h.page.url()).pathname.split('/').pop();
}

// The statistics page's total of drugs seized, in kg ("2,040.5 kg" in Spanish).
async function statsKg(h) {
  if (!new URL(h.page.url()).pathname.startsWith('/maritime/stats')) await h.page.goto(`${h.base}/maritime/stats`);
  const text = await (await h.page.waitForSelector('[data-testid=kpi-kg] .kpi-value')).innerText();
  return Number(text.replace(/[^\d.]/g, ''));
}

async function pickCountry(page, index, text) {
  await page.fill(`[data-testid=out-nat-${index}]`, text);
  await page.waitForSelector(`[data-testid=out-nat-${index}-options] li[data-code]`);
  await page.press(`[data-testid=out-nat-${index}]`, 'Enter');
}

export function maritimeAlertsTests() {
  const tag = Date.now().toString(36).toUpperCase();
  const shared = { caseId: '', caseNumber: '', hiddenCaseId: '', hiddenNumber: '' };
  return [
    {
      name: 'maritime alerts: the scenario traffic raised alerts; list, filters and map in Spanish and English, desktop and phone',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        await page.click('[data-testid=nav-maritime-alerts]');
        await page.waitForSelector('[data-testid=alerts-table]');
        const text = await page.innerText('[data-testid=alerts-table]');
        for (const want of ['Lancha rápida', 'Encuentro breve en el mar', 'Apagado de AIS']) {
          expect(text.includes(want), `the list lacks "${want}": ${text.slice(0, 400)}`);
        }
        await page.waitForSelector('[data-testid=mar-alerts-map] [data-testid=map][data-overlay]', { timeout: MAP_MS });
        const points = Number(await page.getAttribute('[data-testid=mar-alerts-map] [data-testid=map]', 'data-overlay'));
        expect(points >= 3, `${points} alerts on the map`);
        // One kind: every row is a go-fast, and the filter stays in the address.
        await page.selectOption('[data-testid=mar-f-kind]', 'go_fast');
        await page.waitForFunction(() => /kind=go_fast/.test(location.search));
        await page.waitForSelector('[data-testid=alerts-table]');
        const titles = await page.locator('[data-testid=alerts-table] [data-testid=alert-link]').allInnerTexts();
        expect(titles.length > 0 && titles.every((x) => x.startsWith('Lancha rápida')), `go-fast filter: ${titles.join(' | ')}`);
        await expectNoEnglishServerText(page, 'maritime alerts');
        await screen(h, 'maritime-alerts-list');
        // In English the same list, filter and all.
        await page.click('[data-testid=lang-en]');
        await page.waitForSelector('html[lang=en] [data-testid=alerts-table]');
        const english = await page.locator('[data-testid=alerts-table] [data-testid=alert-link]').allInnerTexts();
        expect(english.length === titles.length && english.every((x) => x.startsWith('Go-fast boat')), `in English: ${english.join(' | ')}`);
        expect((await page.innerText('[data-testid=mar-alert-filters]')).includes('Kind'), 'the filters are not in English');
        await page.click('[data-testid=lang-es]');
        await page.waitForSelector('html[lang=es] [data-testid=alerts-table]');
        await page.setViewportSize(PHONE);
        await expectNoHorizontalOverflow(page, 'maritime alerts on a phone');
        await screen(h, 'maritime-alerts-list');
      },
    },
    {
      name: 'maritime alert: a rendezvous shows both tracks, a gap its two ends and hours, a go-fast its speed profile',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        await openFirst(h, 'rendezvous');
        await page.waitForSelector('[data-testid=evidence-map] path.istmo-evidence-track-subject');
        await page.waitForSelector('[data-testid=evidence-map] path.istmo-evidence-track-partner');
        expect(await page.getAttribute('[data-testid=evidence-map]', 'data-tracks') === '2', 'the rendezvous does not draw two tracks');
        expect(await page.locator('[data-testid=legend-partner]').count() === 1, 'no partner in the legend');
        expect(await page.locator('[data-testid=alert-vessel] [data-testid=vessel-link]').count() === 2, 'the vessel and its partner are not linked to the map');
        const thresholds = await page.innerText('[data-testid=alert-thresholds]');
        expect(thresholds.includes('Distancia máxima entre buques (m)'), `thresholds: ${thresholds}`);
        await expectNoEnglishServerText(page, 'rendezvous alert');
        await screen(h, 'maritime-alerts-rendezvous');

        await openFirst(h, 'gap');
        await page.waitForSelector('[data-testid=evidence-map] path.istmo-evidence-gap');
        const tips = await page.locator('[data-testid=evidence-map] .leaflet-tooltip').allInnerTexts();
        expect(tips.some((x) => /\d+\.\d h sin señal/.test(x)), `gap labels: ${tips.join(' | ')}`);
        expect(tips.some((x) => x.startsWith('Última señal')) && tips.some((x) => x.startsWith('Señal de nuevo')), `gap ends: ${tips.join(' | ')}`);
        await screen(h, 'maritime-alerts-gap');

        await openFirst(h, 'go_fast');
        await page.waitForSelector('[data-testid=speed-profile] [data-testid=chart-speed] canvas');
        expect(Number(await page.getAttribute('[data-testid=speed-profile]', 'data-points')) >= 2, 'the speed profile has fewer than two points');
        // The vessel's link opens the vessel map with its card.
        const mmsi = await page.getAttribute('[data-testid=alert-vessel] [data-testid=vessel-link]', 'data-mmsi');
        await page.click('[data-testid=alert-vessel] [data-testid=vessel-link]');
        await page.waitForSelector(`.vessel-card[data-mmsi="${mmsi}"]`, { timeout: MAP_MS });
        await page.setViewportSize(PHONE);
        await page.goBack();
        await page.waitForSelector('[data-testid=speed-profile] [data-testid=chart-speed] canvas');
        await expectNoHorizontalOverflow(page, 'go-fast alert on a phone');
        await screen(h, 'maritime-alerts-gofast');
      },
    },
    {
      name: 'maritime triage: an officer snoozes a loitering alert and dismisses another with a reason',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        const snoozedId = await openFirst(h, 'loitering');
        expect(await page.locator('[data-testid=alert-suppress]').count() === 0, 'an officer is offered suppression (supervisors and admins)');
        await page.selectOption('[data-testid=alert-snooze-minutes]', '1440');
        await page.click('[data-testid=alert-snooze]');
        await page.waitForSelector('[data-testid=alert-snoozed]');
        // Gone from the default list, there with "only snoozed".
        await openAlerts(h, '?kind=loitering');
        expect(await page.locator(`[data-testid=alerts-table] tr[data-alert="${snoozedId}"]`).count() === 0, 'the snoozed alert is still listed');
        await openAlerts(h, '?kind=loitering&snoozed=only');
        await page.waitForSelector(`[data-testid=alerts-table] tr[data-alert="${snoozedId}"]`);

        const dismissedId = await openFirst(h, 'invalid_mmsi');
        await page.click('[data-testid=alert-dismiss]');
        await page.click('[data-testid=dismiss-dialog-save]');
        await page.waitForSelector('[data-testid=dismiss-dialog] [data-testid=error-reason]:not([hidden])');
        await page.fill('[data-testid=dismiss-reason]', `Boya de pesca conocida (${tag})`);
        await page.click('[data-testid=dismiss-dialog-save]');
        await page.waitForSelector('[data-testid=alert-resolution][data-resolution=dismissed]');
        expect((await page.innerText('[data-testid=alert-resolution-note]')).includes(tag), 'the reason is not shown');
        expect(await page.locator('[data-testid=triage-readonly]').count() === 1, 'a dismissed alert still offers actions');
        await openAlerts(h, '?status=closed');
        await page.waitForSelector(`[data-testid=alerts-table] tr[data-alert="${dismissedId}"]`);
        await expectNoEnglishServerText(page, 'closed maritime alerts');
      },
    },
    {
      name: 'maritime triage: a supervisor suppresses a vessel; an analyst of another organization may not act',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.supervisor');
        await openFirst(h, 'loitering');
        await page.click('[data-testid=alert-suppress]');
        await page.selectOption('[data-testid=suppress-days]', '30');
        await page.fill('[data-testid=suppress-reason]', `Remolcador del puerto (${tag})`);
        await page.click('[data-testid=suppress-dialog-save]');
        await page.waitForSelector('[data-testid=suppress-dialog]', { state: 'detached' });
        await expectNoEnglishServerText(page, 'suppression');
        await h.signInAs('dhs.analyst');
        await page.goto(`${h.base}/maritime/alerts?status=`);
        await page.waitForSelector('[data-testid=mar-alerts-page] [data-testid=alerts-table], [data-testid=mar-alerts-page] .empty');
        const first = page.locator('[data-testid=alerts-table] [data-testid=alert-link]').first();
        if (await first.count()) {
          await first.click();
          await page.waitForSelector('[data-testid=triage-panel]');
          expect(await page.locator('[data-testid=triage-panel] button').count() === 0, 'an analyst of another organization is offered triage');
        }
      },
    },
    {
      name: 'maritime cases: a rendezvous escalated to a case, moved, its outcome recorded; the statistics show it',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        const alertId = await openFirst(h, 'rendezvous');
        await page.click('[data-testid=alert-escalate]');
        await page.fill('[data-testid=escalate-title]', `Trasbordo frente a Darién ${tag}`);
        await page.check('[data-testid=escalate-rel-PAN]');
        await page.click('[data-testid=escalate-dialog-save]');
        await page.waitForSelector('[data-testid=mar-case-page] [data-testid=case-facts]');
        const caseUrl = page.url();
        shared.caseId = new URL(page.url()).pathname.split('/').pop();
        // The statistics before the outcome (the demo's cases are counted too).
        const kgBefore = await statsKg(h);
        await page.goto(caseUrl);
        await page.waitForSelector('[data-testid=mar-case-page] [data-testid=case-facts]');
        shared.caseNumber = (await page.innerText('[data-testid=page-title]')).split(' · ')[0];
        expect(/^[A-Z]+-\d{4}-\d+$/.test(shared.caseNumber), `case number: ${shared.caseNumber}`);
        expect(await page.locator(`[data-testid=case-alert-link][href="/maritime/alerts/${alertId}"]`).count() === 1, 'the case does not link its alert');

        // open → underway → interdicted: the select offers only the diagram's next moves.
        const moves = await page.locator('[data-testid=case-move] option').evaluateAll((os) => os.map((o) => o.value));
        expect(moves.join() === 'underway,closed', `moves from open: ${moves}`);
        await page.selectOption('[data-testid=case-move]', 'underway');
        await page.click('[data-testid=case-move-save]');
        await page.waitForSelector('[data-testid=case-status] >> text=En curso');
        await page.selectOption('[data-testid=case-move]', 'interdicted');
        await page.click('[data-testid=case-move-save]');
        await page.waitForSelector('[data-testid=case-status] >> text=Interceptado');
        expect((await page.innerText('[data-testid=timeline-list]')).includes('En curso → Interceptado'), 'the timeline lacks the move');
        await page.fill('[data-testid=pos-lat]', '7,45');
        await page.fill('[data-testid=pos-lon]', '-78,9');
        await page.fill('[data-testid=pos-label]', 'Avistamiento');
        await page.click('[data-testid=pos-submit]');
        await page.waitForSelector('[data-testid=case-positions] >> text=Avistamiento');

        // The form checks its rows before sending: a drug without kilograms.
        await page.check('[data-testid=out-boarded]');
        await page.check('[data-testid=out-seized]');
        await page.selectOption('[data-testid=out-drug-0]', 'cocaine');
        await page.click('[data-testid=out-submit]');
        await page.waitForSelector('[data-testid="error-drugs/0/kg"]:not([hidden])');
        await page.fill('[data-testid=out-kg-0]', '1200.5');
        await page.click('[data-testid=out-add-drug]');
        await page.selectOption('[data-testid=out-drug-1]', 'marijuana');
        await page.fill('[data-testid=out-kg-1]', '40');
        await pickCountry(page, 0, 'Colombia');
        await page.fill('[data-testid=out-count-0]', '3');
        await page.click('[data-testid=out-add-arrest]');
        await pickCountry(page, 1, 'ecu');
        await page.fill('[data-testid=out-count-1]', '1');
        await page.fill('[data-testid=out-desc-0]', 'Teléfono satelital');
        await page.fill('[data-testid=out-qty-0]', '2');
        await page.fill('[data-testid=out-lat]', '7,5');
        await page.fill('[data-testid=out-lon]', '-78,95');
        await page.click('[data-testid=out-submit]');
        await page.waitForSelector('[data-testid=outcome-facts]');
        expect(await page.getAttribute('[data-testid=outcome-area]', 'data-area') === 'darien_pacific', 'the interdiction is not in the Darién Pacific area');
        const facts = await page.innerText('[data-testid=outcome-facts]');
        for (const want of [`Cocaína: ${es1(1200.5)} kg`, 'Marihuana: 40.0 kg', 'Colombia (COL): 3', 'Ecuador (ECU): 1', 'Teléfono satelital × 2', `${es1(1240.5)} kg`, 'Pacífico del Darién']) {
          expect(facts.includes(want), `outcome lacks "${want}": ${facts}`);
        }
        await page.fill('[data-testid=case-note]', `Embarcación remolcada a Jaqué (${tag})`);
        await page.click('[data-testid=case-note-submit]');
        await page.waitForSelector(`[data-testid=timeline-list] >> text=Embarcación remolcada a Jaqué (${tag})`);
        await expectNoEnglishServerText(page, 'case page');
        await screen(h, 'maritime-alerts-case');
        await page.setViewportSize(PHONE);
        await expectNoHorizontalOverflow(page, 'case page on a phone');
        await screen(h, 'maritime-alerts-case');
        await page.setViewportSize({ width: 1440, height: 900 });

        // The alert now says it was escalated, and links the case.
        await page.goto(`${h.base}/maritime/alerts/${alertId}`);
        await page.waitForSelector('[data-testid=alert-resolution][data-resolution=escalated]');
        expect(await page.locator(`[data-testid=alert-case-link][href="/maritime/cases/${shared.caseId}"]`).count() === 1, 'the alert does not link its case');

        await page.click('[data-testid=mar-tab-stats]');
        const kgAfter = await statsKg(h);
        expect(Math.abs(kgAfter - kgBefore - 1240.5) < 0.01, `kg seized went from ${kgBefore} to ${kgAfter}, not up by 1,240.5`);
        await page.waitForSelector('[data-testid=stats-months] [data-testid=chart-columns] canvas');
        await page.waitForSelector('[data-testid=stats-arrests] canvas');
        await page.waitForSelector('[data-testid=interdiction-map] path.istmo-interdiction', { timeout: MAP_MS });
        await expectNoEnglishServerText(page, 'statistics');
        await screen(h, 'maritime-alerts-stats');
        await page.setViewportSize(PHONE);
        await expectNoHorizontalOverflow(page, 'statistics on a phone');
        await screen(h, 'maritime-alerts-stats');
      },
    },
    {
      name: 'maritime cases: a case opened by hand and released to no one is hidden from another organization',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        await page.goto(`${h.base}/maritime/cases`);
        await page.click('[data-testid=case-new]');
        await page.fill('[data-testid=case-title]', `Seguimiento reservado ${tag}`);
        await page.fill('[data-testid=case-mmsis]', '12345');
        await page.click('[data-testid=case-submit]');
        await page.waitForSelector('[data-testid=error-mmsis]:not([hidden])');
        await page.fill('[data-testid=case-mmsis]', '');
        for (const box of ['PAN', 'USA', 'ALL']) await page.uncheck(`[data-testid=case-rel-${box}]`);
        await page.click('[data-testid=case-submit]');
        await page.waitForSelector('[data-testid=mar-case-page] [data-testid=case-facts]');
        shared.hiddenCaseId = new URL(page.url()).pathname.split('/').pop();
        shared.hiddenNumber = (await page.innerText('[data-testid=page-title]')).split(' · ')[0];
        await page.goto(`${h.base}/maritime/cases`);
        await page.waitForSelector(`[data-testid=cases-table] tr[data-case="${shared.hiddenCaseId}"]`);

        await h.signInAs('dhs.analyst');
        await page.goto(`${h.base}/maritime/cases`);
        await page.waitForSelector('[data-testid=cases-table], [data-testid=mar-cases-page] .empty');
        expect(await page.locator(`tr[data-case="${shared.hiddenCaseId}"]`).count() === 0, 'another organization lists the unreleased case');
        expect(await page.locator('[data-testid=case-new]').count() === 0, 'an analyst is offered a new case');
        await page.goto(`${h.base}/maritime/cases/${shared.hiddenCaseId}`);
        const box = await page.waitForSelector('[data-testid=mar-case-page] .error-box');
        expect((await box.innerText()).includes('no es visible'), `hidden case: ${await box.innerText()}`);
        await expectNoEnglishServerText(page, 'hidden case');
      },
    },
  ];
}
