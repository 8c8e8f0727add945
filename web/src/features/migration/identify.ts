// Identify a face (POST /api/v1/biometrics/identify, officer or analyst): one photo searched 1:N
// against every face the user may see and every watchlist releasable to them. The answer: the
// detected face outlined over the photo, any watchlist hit first and in the critical style, then
// the nearest persons — one row each, with their name, nationality, birth date and photo — with
// their distance and whether they match. A hit raises an alert for the watchlist's owner (the
// server does that); the page says so.
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import type { FaceBox } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { hasAny } from '../../shell/session';
import { formFields, markBusy } from '../../ui/form-fields';
import { photoPicker } from '../../ui/photo-picker';
import {
  boxPercent, CANDIDATE_COUNTS, groupByPerson, IDENTIFIERS, matchCount, personEncountersPath, shortId, WATCHLIST_READERS,
} from './biometrics';
import type { DeskIdentification, PersonRow } from './desk-api';
import { photoThumb } from './desk-ui';
import { t } from './messages';
import { country, migrationPage, watchlistHitsBox } from './ui';

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
      const found = await ctx.api.request<DeskIdentification>('POST', '/api/v1/biometrics/identify', { photo, candidates: Number(count.value) });
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

// The API's rows per person, or the same grouping of its faces when it sends none.
function peopleOf(found: DeskIdentification): (PersonRow & { match: boolean; owner_org: string; enrolled_at: string })[] {
  const groups = new Map(groupByPerson(found.candidates).map((g) => [g.person_id, g]));
  const rows: PersonRow[] = found.people ?? [...groups.values()].map((g) => ({
    person_id: g.person_id, distance: g.distance, person: g.best.person ?? null, photo_url: g.best.photo_url ?? null, candidates: g.candidates,
  }));
  return rows.map((r) => {
    const g = groups.get(r.person_id);
    const best = r.candidates[0] ?? g?.best;
    return {
      ...r, match: r.candidates.some((c) => c.match) || (g?.match ?? false),
      owner_org: best?.owner_org ?? '', enrolled_at: best?.enrolled_at ?? '',
    };
  }).sort((a, b) => Number(b.match) - Number(a.match) || a.distance - b.distance);
}

function resultPanel(ctx: Ctx, found: DeskIdentification, orgNames: Map<string, string>): HTMLElement {
  const hits = watchlistHitsBox(found.watchlist_hits, 'bio.id.hitsAdvice', hasAny(ctx.session.user.roles, WATCHLIST_READERS));
  const people = peopleOf(found);
  const m = matchCount(found.candidates);
  // Neutral, not green: a match is a finding, not a success.
  const summary = h('div', { class: 'notice', 'data-testid': 'identify-summary' },
    h('strong', null, m.faces > 0
      ? t('bio.id.matches', { faces: m.faces, persons: m.persons })
      : t('bio.id.noMatch')),
    found.watchlist_hits.length === 0 ? h('div', { class: 'small' }, t('bio.id.noHits')) : null);
  return h('div', null, hits, summary,
    h('h3', null, t('bio.id.candidatesTitle', { count: people.length })),
    people.length === 0 ? empty(t('bio.id.noCandidates')) : peopleTable(ctx, people, orgNames),
    h('p', { class: 'muted small' }, t('bio.id.distanceNote')));
}

function peopleTable(ctx: Ctx, items: ReturnType<typeof peopleOf>, orgNames: Map<string, string>): HTMLElement {
  // Officers and analysts read encounters, so a person links to their encounters.
  const link = hasAny(ctx.session.user.roles, IDENTIFIERS);
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data compact people-table', 'data-testid': 'candidates-table' },
    h('thead', null, h('tr', null,
      h('th', null, t('bio.col.photo')), h('th', null, t('mig.col.name')), h('th', null, t('bio.col.org')),
      h('th', { class: 'num' }, t('bio.col.distance')), h('th', null, t('bio.col.result')))),
    h('tbody', null, items.map((p) => {
      const name = p.person?.name ?? t('bio.id.unnamed', { id: shortId(p.person_id) });
      const facts = [p.person?.nationality ? country(p.person.nationality) : null,
        p.person?.birth_date ? formatDate(`${p.person.birth_date}T12:00:00Z`, lang(), 'UTC') : null,
        t('bio.id.faces', { count: p.candidates.length })].filter(Boolean).join(' · ');
      return h('tr', { 'data-person': p.person_id, class: p.match ? 'candidate-match' : null },
        h('td', { class: 'photo-cell' }, photoThumb(p.photo_url, t('desk.photo.alt', { name }), 'candidate-photo')),
        h('td', { class: 'name-cell' },
          link
            ? h('a', { href: personEncountersPath(p.person_id), 'data-link': true, class: 'people-name strong', title: `${t('bio.id.personLink')}: ${p.person_id}` }, name)
            : h('span', { class: 'people-name strong', title: p.person_id }, name),
          h('div', { class: 'muted small' }, facts)),
        h('td', null, orgNames.get(p.owner_org) ?? p.owner_org,
          p.enrolled_at ? h('div', { class: 'muted small nowrap' }, formatDateTime(p.enrolled_at, lang())) : null),
        h('td', { class: 'num' }, formatNumber(p.distance, lang(), 3)),
        h('td', null, p.match
          ? h('span', { class: 'chip match-face', 'data-testid': 'candidate-match' }, t('bio.id.match'))
          : h('span', { class: 'chip' }, t('bio.id.noMatchChip'))));
    }))));
}
