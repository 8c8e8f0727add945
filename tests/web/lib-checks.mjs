// Checks the browser tests share (tests/web/run.mjs, shell-tests.mjs, desk-tests.mjs).

// English texts the server writes for API clients. The web app translates the machine reason
// beside each (docs/api.md, "Error reasons"; alerts' detail.code), so none may reach a page in
// Spanish: finding one means a message went to the page untranslated.
export const ENGLISH_SERVER_STRINGS = [
  'no face found',
  'faces found; expected exactly one',
  'a password has at least 10 characters',
  'no encounter',
  'Watchlist hit',
  'distance:',
  'Self-intersection',
  'not GeoJSON or KML',
  'a feed named',
  // Maritime alerts' English titles (src/maritime/alerts.cc) and the case timeline's summaries.
  'AIS gap of',
  'Encounter at sea:',
  'Rendezvous in the EEZ',
  'Go-fast run at',
  'One MMSI in two places',
  'nothing seized',
  'not boarded',
  '(assigned to',
  ') entered ',
  'Identity change:',
  // The canal's English: a rule check's message, a missing container or party.
  'unknown field',
  'did you mean',
  'no container',
  'no party',
];

// Fails (throws) when the page is in Spanish and shows one of ENGLISH_SERVER_STRINGS, naming
// the string and the page. `where` says which page, for the message.
export async function expectNoEnglishServerText(page, where = '') {
  const { lang, text } = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    // Visible text plus the values of inputs (an error may sit in a field's message).
    text: `${document.body.innerText}\n${[...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title')).join('\n')}`,
  }));
  if (lang !== 'es') throw new Error(`expectNoEnglishServerText: the page is not in Spanish (lang=${lang}) ${where}`);
  const lower = text.toLowerCase();
  const found = ENGLISH_SERVER_STRINGS.filter((s) => lower.includes(s.toLowerCase()));
  if (found.length > 0) {
    const at = lower.indexOf(found[0].toLowerCase());
    throw new Error(`English server text on a Spanish page ${where} (${new URL(page.url()).pathname}): "${found.join('", "')}" in "…${text.slice(Math.max(0, at - 40), at + 60)}…"`);
  }
}

// Nothing sticks out sideways: the document does not scroll horizontally and the main area
// is not wider than itself (a table may scroll inside its own .table-wrap box).
// A chart or map redraws for a new window size a moment after it changed, so the check waits
// up to `settleMs` for the layout to fit before failing.
export async function expectNoHorizontalOverflow(page, where = '', settleMs = 3000) {
  const measure = () => page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      vw: window.innerWidth,
      doc: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      main: main ? main.scrollWidth - main.clientWidth : 0,
    };
  });
  const wide = (m) => m.doc > m.vw + 1 || m.body > m.vw + 1 || m.main > 1;
  let m = await measure();
  for (const until = Date.now() + settleMs; wide(m) && Date.now() < until;) {
    await page.waitForTimeout(200);
    m = await measure();
  }
  if (wide(m)) {
    throw new Error(`content wider than the ${m.vw}px window ${where}: document ${m.doc}px, body ${m.body}px, main overflows by ${m.main}px`);
  }
}
