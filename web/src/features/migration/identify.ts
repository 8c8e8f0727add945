// Identify a face (POST /api/v1/biometrics/identify, officer or analyst): one photo searched 1:N
// against every face the user may see and every watchlist releasable to them. The answer: the
// detected face outlined over the photo, any watchlist hit first and in the critical style, then
// the nearest faces with their distance and whether each is a match. A hit raises an alert for
// the watchlist's owner (the server does that); the page says so.
import { formatDateTime, formatNumber } from '../../lib/format';
import type { Candidate, FaceBox, Identification } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { hasAny } from '../../shell/session';
import { formFields, markBusy } from '../../ui/form-fields';
import { photoPicker } from '../../ui/photo-picker';
import {
  boxPercent, CANDIDATE_COUNTS, IDENTIFIERS, matchCount, personEncountersPath, shortId, sortCandidates, WATCHLIST_READERS,
} from './biometrics';
import { t } from './messages';
import { migrationPage, watchlistHitsBox } from './ui';

export function identifyView(ctx: Ctx): void {
  const fields = formFields('i');
  const result = h('div', { class: 'register-result', 'data-testid': 'identify-result', 'aria-live': 'polite' },
    h('div', { class: 'empty' }, t('bio.id.resultEmpty')));
  const picker = photoPicker({
    id: 'i-photo', testid: 'i-photo', noneText: t('bio.id.photoNone'),
    setError: (m) => fields.setError('photo', m), onCleanup: ctx.onCleanup,
    onChange: () => {
      // A new photo: the outline and the answer belong to the old one.
      showBox(null);
      result.replaceChildren(h('div', { class: 'empty' }, t('bio.id.resultEmpty')));
      general.replaceChildren();
    },
  });
  // The preview, larger than on the encounter form, with the detected face outlined over it.
  const box = h('div', { class: 'face-box', hidden: true, 'data-testid': 'face-box', 'aria-hidden': 'true' });
  const frame = h('div', { class: 'face-frame' }, picker.preview, box);
  picker.row.classList.add('photo-row-large');
  picker.row.prepend(frame);
  const showBox = (b: FaceBox | null) => {
    const p = b ? boxPercent(b, picker.preview.naturalWidth, picker.preview.naturalHeight) : null;
    box.hidden = !p;
    if (!p) return;
    box.style.left = `${p.left}%`;
    box.style.top = `${p.top}%`;
    box.style.width = `${p.width}%`;
    box.style.height = `${p.height}%`;
  };

  const count = h('select', { id: 'i-candidates', class: 'num-input' },
    ...CANDIDATE_COUNTS.map((n) => h('option', { value: n, selected: n === 10 }, formatNumber(n, lang()))));
  const general = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'identify-submit' }, t('bio.id.submit'));
  const form = h('form', { class: 'register-form', novalidate: true, 'data-testid': 'identify-form' },
    h('fieldset', { class: 'group' }, h('legend', null, t('mig.field.photo')),
      fields.field('photo', t('mig.reg.photoLabel'), picker.input, t('mig.reg.photoHint')),
      picker.row),
    fields.field('candidates', t('bio.id.candidates'), count, t('bio.id.candidatesHint')),
    general,
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fields.clear();
    general.replaceChildren();
    const photo = picker.value();
    if (!photo) {
      fields.setError('photo', t('bio.problem.photoRequired'));
      fields.focus('photo');
      return;
    }
    const idle = markBusy(form, submit, t('mig.reg.submittingPhoto'), t('bio.id.submit'));
    try {
      const found = await ctx.api.identify(photo, Number(count.value));
      showBox(found.face.box);
      const orgNames = await ctx.api.orgNames().catch(() => new Map<string, string>());
      result.replaceChildren(resultPanel(ctx, found, orgNames));
    } catch (e) {
      showBox(null);
      result.replaceChildren(h('div', { class: 'empty' }, t('bio.id.resultEmpty')));
      fields.showApiError(e, general);
    } finally {
      idle();
    }
  });

  ctx.main.replaceChildren(migrationPage(ctx, 'identify', 'identify-page', t('bio.id.title'), t('bio.id.lead'), null,
    h('div', { class: 'register-grid identify-grid' },
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('bio.id.formTitle')), h('div', { class: 'panel-body' }, form)),
      h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('mig.reg.resultTitle')), h('div', { class: 'panel-body' }, result)))));
}

function resultPanel(ctx: Ctx, found: Identification, orgNames: Map<string, string>): HTMLElement {
  const hits = watchlistHitsBox(found.watchlist_hits, 'bio.id.hitsAdvice', hasAny(ctx.session.user.roles, WATCHLIST_READERS));
  const candidates = sortCandidates(found.candidates);
  const m = matchCount(candidates);
  // Neutral, not green: a match is a finding, not a success.
  const summary = h('div', { class: 'notice', 'data-testid': 'identify-summary' },
    h('strong', null, m.faces > 0
      ? t('bio.id.matches', { faces: formatNumber(m.faces, lang()), persons: formatNumber(m.persons, lang()) })
      : t('bio.id.noMatch')),
    found.watchlist_hits.length === 0 ? h('div', { class: 'small' }, t('bio.id.noHits')) : null);
  return h('div', null, hits, summary,
    h('h3', null, t('bio.id.candidatesTitle', { count: formatNumber(candidates.length, lang()) })),
    candidates.length === 0 ? empty(t('bio.id.noCandidates')) : candidateTable(ctx, candidates, orgNames),
    h('p', { class: 'muted small' }, t('bio.id.distanceNote')));
}

function candidateTable(ctx: Ctx, items: Candidate[], orgNames: Map<string, string>): HTMLElement {
  // Officers and analysts read encounters, so a person links to their encounters.
  const link = hasAny(ctx.session.user.roles, IDENTIFIERS);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data compact', 'data-testid': 'candidates-table' },
    h('thead', null, h('tr', null,
      h('th', null, t('mig.field.person')), h('th', null, t('bio.col.org')), h('th', null, t('bio.col.enrolled')),
      h('th', { class: 'num' }, t('bio.col.distance')), h('th', null, t('bio.col.result')))),
    h('tbody', null, items.map((c) => h('tr', { 'data-person': c.person_id, class: c.match ? 'candidate-match' : null },
      h('td', { class: 'mono small' }, link
        ? h('a', { href: personEncountersPath(c.person_id), 'data-link': true, title: `${t('bio.id.personLink')}: ${c.person_id}` }, shortId(c.person_id))
        : h('span', { title: c.person_id }, shortId(c.person_id))),
      h('td', null, orgNames.get(c.owner_org) ?? c.owner_org),
      h('td', { class: 'nowrap small' }, formatDateTime(c.enrolled_at, lang())),
      h('td', { class: 'num' }, formatNumber(c.distance, lang(), 3)),
      h('td', null, c.match
        ? h('span', { class: 'chip match-face', 'data-testid': 'candidate-match' }, t('bio.id.match'))
        : h('span', { class: 'chip' }, t('bio.id.noMatchChip'))))))));
}
