// Browser tests of the Maritime area's records and administration (tests/web/run.mjs runs them
// after MARITIME_TESTS, on the same server with the 60,000-station log): the zones' attribution
// on the map, drawing an area of interest by clicks and its place on a vessel's card (withheld
// from an organization it is not released to), a self-intersecting drawing refused in Spanish,
// uploading a KML and deleting it, an unreadable file refused, and the AIS feeds' health page
// with a UDP feed fed real datagrams (good, bad checksum, orphan fragment). Screenshots at
// 1440×900 and 390×844, in Spanish and English: <artifacts>/screens/maritime-{aoi,feeds}*.png.
import { createSocket } from 'node:dgram';
import { trackedLog, TRACKED } from './ais-log.mjs';
import { expectNoEnglishServerText, expectNoHorizontalOverflow } from './lib-checks.mjs';
import { screen } from './maritime-tests.mjs';

const PHONE = { width: 390, height: 844 };
const MAP_MS = 90_000;

async function openMaritime(h) {
  await h.page.click('[data-testid=nav-maritime]');
  await h.page.waitForSelector('[data-testid=vessel-map][data-ready=true]', { timeout: MAP_MS });
  await h.page.waitForSelector('[data-testid=aoi-draw]', { timeout: MAP_MS });
}

async function openTracked(h) {
  await h.page.fill('[data-testid=vessel-search]', String(TRACKED.mmsi));
  await h.page.click('[data-testid=vessel-search-go]');
  await h.page.click(`[data-testid=vessel-hits] button[data-mmsi="${TRACKED.mmsi}"]`);
  await h.page.waitForSelector(`.vessel-card[data-mmsi="${TRACKED.mmsi}"] [data-testid=vessel-zones]`);
}

// Clicks the map at offsets (px) from its centre, one vertex each, waiting for each to count.
async function drawAt(h, offsets) {
  const { page } = h;
  const box = await page.locator('[data-testid=vessel-map] canvas.maplibregl-canvas').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.click('[data-testid=aoi-draw]');
  await page.waitForSelector('[data-testid=aoi-drawbar]');
  for (let i = 0; i < offsets.length; i++) {
    const [dx, dy] = offsets[i];
    await page.mouse.click(cx + dx, cy + dy);
    await page.waitForSelector(`[data-testid=vessel-map][data-draft-vertices="${i + 1}"]`);
  }
}

// The checksum of an NMEA sentence's body (between ! and *).
function nmea(body) {
  let x = 0;
  for (const c of body) x ^= c.charCodeAt(0);
  return `!${body}*${x.toString(16).toUpperCase().padStart(2, '0')}`;
}

async function freeUdpPort() {
  const s = createSocket('udp4');
  await new Promise((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function sendUdp(port, lines) {
  const s = createSocket('udp4');
  for (const line of lines) await new Promise((resolve, reject) => s.send(`${line}\r\n`, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  await new Promise((resolve) => s.close(resolve));
}

export function maritimeAdminTests() {
  const area = `Zona de prueba ${Date.now() % 100000}`;
  return [
    {
      name: 'maritime areas: the zones\' attribution on the map, an area drawn around a vessel, on its card',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        await openMaritime(h);
        const purpose = await page.innerText('[data-testid=area-maritime] .page-head p');
        expect(!/merodeo|suplantación|interdicción/i.test(purpose), `the subtitle names detections that are not built: ${purpose}`);
        expect(await page.locator('[data-testid=feeds-link]').count() === 0, 'an officer sees the feeds link');
        const attribution = await page.innerText('[data-testid=vessel-map] .maplibregl-ctrl-attrib');
        for (const want of ['marineregions.org (CC BY 4.0)', 'OpenStreetMap', 'Natural Earth']) {
          expect(attribution.includes(want), `map attribution lacks ${want}: ${attribution}`);
        }
        // The map flies to the tracked ship; an area drawn around the centre holds it.
        await openTracked(h);
        await page.click('[data-testid=vessel-card-close]');
        await drawAt(h, [[-90, -70], [90, -70], [90, 70], [-90, 70]]);
        expect((await page.innerText('[data-testid=aoi-drawbar]')).includes('4 vértices'), 'the bar does not count 4 vertices');
        await screen(h, 'maritime-aoi-drawing');
        await page.click('[data-testid=aoi-finish]');
        await page.waitForSelector('[data-testid=aoi-save-dialog]');
        // A name is required before anything is sent.
        await page.click('[data-testid=aoi-save-dialog-save]');
        await page.waitForSelector('[data-testid=aoi-save-dialog] >> text=Dé un nombre al área');
        await page.fill('[data-testid=aoi-save-dialog-name]', area);
        await page.check('[data-testid=aoi-rel-PAN]');
        await page.click('[data-testid=aoi-save-dialog-save]');
        await page.waitForSelector('[data-testid=aoi-save-dialog]', { state: 'detached' });
        const row = page.locator('[data-testid=aoi-list] tr', { hasText: area });
        await row.waitFor();
        const rowText = await row.innerText();
        expect(rowText.includes('Panamá') && rowText.includes('senan.officer'), `area row: ${rowText}`);
        expect(await row.locator('[data-testid=aoi-delete]').count() === 0, 'an officer is offered delete (the server allows supervisors and admins)');
        await page.waitForSelector('[data-testid=vessel-map][data-areas]');
        expect(await page.getAttribute('[data-testid=vessel-map]', 'data-draft-vertices') === '0', 'the drawing stayed after saving');
        await openTracked(h);
        const zones = await page.innerText('[data-testid=vessel-zones]');
        expect(zones.includes(`Área de interés: ${area}`), `card zones lack the new area: ${zones}`);
        expect(zones.includes('Zona económica exclusiva de Panamá'), `card zones lack the EEZ: ${zones}`);
        await page.locator('[data-testid=vessel-zones]').scrollIntoViewIfNeeded();
        await screen(h, 'maritime-aoi-card');
        await page.locator('[data-testid=aoi-panel]').scrollIntoViewIfNeeded();
        await screen(h, 'maritime-aoi-list');
      },
    },
    {
      name: 'maritime areas: a self-intersecting drawing is refused in Spanish and the drawing is kept to fix',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        await openMaritime(h);
        // Corners in the order top left, top right, bottom left, bottom right: a bow tie.
        await drawAt(h, [[-80, -60], [80, -60], [-80, 60], [80, 60]]);
        await page.click('[data-testid=aoi-finish]');
        await page.fill('[data-testid=aoi-save-dialog-name]', 'Lazo');
        await page.click('[data-testid=aoi-save-dialog-save]');
        const error = await page.waitForSelector('[data-testid=aoi-save-dialog] .error-box');
        const text = await error.innerText();
        expect(text.includes('El área «Lazo» no es un polígono válido'), `error: ${text}`);
        await expectNoEnglishServerText(page, 'self-intersecting area');
        await screen(h, 'maritime-aoi-error');
        await page.click('[data-testid=aoi-save-dialog] button.btn-ghost');
        await page.waitForSelector('[data-testid=aoi-drawbar]');
        expect(await page.getAttribute('[data-testid=vessel-map]', 'data-draft-vertices') === '4', 'the vertices were lost');
        await page.click('[data-testid=aoi-undo]');
        await page.waitForSelector('[data-testid=vessel-map][data-draft-vertices="3"]');
        await page.click('[data-testid=aoi-cancel]');
        await page.waitForSelector('[data-testid=aoi-draw]');
        expect(await page.locator('[data-testid=aoi-list] tr', { hasText: 'Lazo' }).count() === 0, 'the refused area is listed');
      },
    },
    {
      name: 'maritime areas: released to Panama only, another country\'s analyst sees neither the area nor it on the card',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('dhs.analyst');
        await openMaritime(h);
        await page.waitForSelector('[data-testid=aoi-list-slot] > *');
        expect(await page.locator('[data-testid=aoi-list] tr', { hasText: area }).count() === 0, 'DHS sees a SENAN area released to PAN only');
        await openTracked(h);
        const zones = await page.innerText('[data-testid=vessel-zones]');
        expect(!zones.includes(area), `DHS sees the area on the card: ${zones}`);
        expect(zones.includes('Zona económica exclusiva de Panamá'), `card zones lack the EEZ: ${zones}`);
      },
    },
    {
      name: 'maritime areas: a supervisor uploads a KML, deletes it, and an unreadable file is refused in Spanish',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senafront.supervisor');
        await openMaritime(h);
        const name = `Coiba ${Date.now() % 100000}`;
        const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>${name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
-81.9,7.3 -81.6,7.3 -81.6,7.6 -81.9,7.6 -81.9,7.3</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`;
        await page.click('[data-testid=aoi-upload]');
        await page.waitForSelector('[data-testid=aoi-upload-dialog]');
        await page.setInputFiles('[data-testid=aoi-file]', { name: 'zonas.txt', mimeType: 'text/plain', buffer: Buffer.from('hola, no soy un mapa') });
        await page.click('[data-testid=aoi-upload-dialog-save]');
        const error = await (await page.waitForSelector('[data-testid=aoi-upload-dialog] .error-box')).innerText();
        expect(error.includes('no es un GeoJSON ni un KML'), `error: ${error}`);
        await expectNoEnglishServerText(page, 'unreadable zone file');
        await page.setInputFiles('[data-testid=aoi-file]', { name: 'coiba.kml', mimeType: 'application/vnd.google-earth.kml+xml', buffer: Buffer.from(kml) });
        await page.click('[data-testid=aoi-upload-dialog-save]');
        await page.waitForSelector('[data-testid=aoi-upload-dialog]', { state: 'detached' });
        const row = page.locator('[data-testid=aoi-list] tr', { hasText: name });
        await row.waitFor();
        expect((await row.innerText()).includes('Solo la organización propietaria'), `row: ${await row.innerText()}`);
        await row.locator('[data-testid=aoi-show]').click();
        page.once('dialog', (d) => void d.accept());
        await row.locator('[data-testid=aoi-delete]').click();
        await row.waitFor({ state: 'detached' });
      },
    },
    {
      name: 'maritime feeds: an admin adds a UDP feed, sees its messages and bad lines by kind, and removes it',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senafront.admin');
        await openMaritime(h);
        await page.click('[data-testid=feeds-link]');
        await page.waitForSelector('[data-testid=feeds-page] [data-testid=feeds-updated]:not(:empty)');
        // Checked before sending: the server's rule for a name.
        await page.fill('[data-testid=feed-name]', 'Fuente Mala');
        await page.fill('[data-testid=feed-host]', '127.0.0.1');
        await page.fill('[data-testid=feed-port]', '10110');
        await page.click('[data-testid=feed-add]');
        await page.waitForSelector('[data-testid=feed-form-error] >> text=minúsculas');
        const port = await freeUdpPort();
        await page.fill('[data-testid=feed-name]', 'udp-prueba');
        await page.selectOption('[data-testid=feed-kind]', 'udp');
        await page.fill('[data-testid=feed-host]', '127.0.0.1');
        await page.fill('[data-testid=feed-port]', String(port));
        await page.fill('[data-testid=feed-station]', 'colon-norte');
        await page.click('[data-testid=feed-add]');
        const row = page.locator('[data-testid=feeds-list] tr[data-feed=udp-prueba]');
        await row.waitFor();
        await row.locator('[data-testid=feed-state][data-state=listening]').waitFor();
        // Three good lines, one with a broken checksum, one orphan fragment.
        const good = trackedLog().filter((l) => l.includes('!AIVDM,1,1,')).slice(0, 3);
        const broken = good[0].replace(/\*([0-9A-F]{2})$/, (_, c) => `*${c === '00' ? '01' : '00'}`);
        await sendUdp(port, [...good, broken, nmea('AIVDM,2,2,7,A,00000000000,2')]);
        await page.waitForFunction(() => {
          const r = document.querySelector('[data-testid=feeds-list] tr[data-feed=udp-prueba]');
          const n = (k) => Number(r?.querySelector(`[data-testid=feed-errors] dd[data-kind=${k}]`)?.textContent ?? 0);
          return n('checksum') === 1 && n('orphan_fragment') === 1;
        }, null, { timeout: 20_000 });
        const text = await row.innerText();
        expect(/hace \d/.test(text), `no age of the last message: ${text}`);
        expect(text.includes('Estación colon-norte') && text.includes('Escuchando'), `row: ${text}`);
        const messages = Number((await row.locator('[data-testid=feed-messages]').innerText()).split('\n')[0].replace(/\./g, ''));
        expect(messages === good.length, `messages: ${messages}, sent ${good.length} good lines`);
        // A second feed of the same name is refused before sending (the server's 409 is in
        // tests/maritime/feeds_test.cc).
        await page.fill('[data-testid=feed-name]', 'udp-prueba');
        await page.fill('[data-testid=feed-host]', '127.0.0.1');
        await page.fill('[data-testid=feed-port]', String(port));
        await page.click('[data-testid=feed-add]');
        await page.waitForSelector('[data-testid=feed-form-error] >> text=Ya hay una fuente con ese nombre');
        // A TCP receiver that refuses the connection: the feed waits and retries, and says so.
        await page.fill('[data-testid=feed-name]', 'tcp-caida');
        await page.selectOption('[data-testid=feed-kind]', 'tcp');
        await page.fill('[data-testid=feed-host]', '127.0.0.1');
        await page.fill('[data-testid=feed-port]', String(port));
        await page.click('[data-testid=feed-add]');
        const down = page.locator('[data-testid=feeds-list] tr[data-feed=tcp-caida]');
        await down.locator('[data-testid=feed-state][data-state=backoff] >> text=Reintentará en breve').waitFor({ timeout: 20_000 });
        expect((await down.innerText()).includes('Ninguno aún'), `a feed that never connected shows a last message: ${await down.innerText()}`);
        await expectNoEnglishServerText(page, 'feeds page');
        await screen(h, 'maritime-feeds');
        await page.setViewportSize(PHONE);
        await expectNoHorizontalOverflow(page, 'feeds at 390');
        await screen(h, 'maritime-feeds');
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.click('[data-testid=lang-en]');
        await page.waitForSelector('[data-testid=feeds-page] >> text=AIS feeds: health');
        await row.locator('[data-testid=feed-state] >> text=Listening').waitFor();
        await screen(h, 'maritime-feeds-en');
        for (const r of [row, down]) {
          page.once('dialog', (d) => void d.accept());
          await r.locator('[data-testid=feed-remove]').click();
          await r.waitFor({ state: 'detached' });
        }
        await page.click('[data-testid=lang-es]');
      },
    },
    {
      name: 'maritime areas: the phone layout (390×844) draws with the bar on the map, in English too',
      async run(h) {
        const { page, expect } = h;
        await h.signInAs('senan.officer');
        await page.setViewportSize(PHONE);
        await page.click('[data-testid=menu-toggle]').catch(() => {});
        await openMaritime(h);
        await drawAt(h, [[-60, -50], [60, -50], [0, 60]]);
        const bar = await page.locator('[data-testid=aoi-drawbar]').boundingBox();
        const map = await page.locator('[data-testid=vessel-map]').boundingBox();
        expect(bar.x >= map.x && bar.x + bar.width <= map.x + map.width + 1, `the bar sticks out of the map: ${JSON.stringify({ bar, map })}`);
        await expectNoHorizontalOverflow(page, 'maritime drawing at 390');
        await screen(h, 'maritime-aoi-drawing');
        await page.click('[data-testid=aoi-cancel]');
        await page.locator('[data-testid=aoi-panel]').scrollIntoViewIfNeeded();
        await screen(h, 'maritime-aoi-list');
        await page.setViewportSize({ width: 1440, height: 900 });
        await page.click('[data-testid=lang-en]');
        await page.waitForSelector('html[lang=en]');
        await page.waitForSelector('[data-testid=aoi-panel] >> text=Areas of interest');
        await page.waitForSelector('[data-testid=aoi-draw] >> text=Draw an area');
        await page.click('[data-testid=aoi-draw]');
        await page.waitForSelector('[data-testid=aoi-drawbar] >> text=Click on the map');
        await screen(h, 'maritime-aoi-en');
        await page.click('[data-testid=aoi-cancel]');
        await page.click('[data-testid=lang-es]');
      },
    },
  ];
}
