// Watchlists (GET/POST /api/v1/biometrics/watchlists…): the lists the user may see, a new list
// (supervisor, admin: owned by their organization), and one list with its entries, where the
// owning organization's supervisors and admins add a person (by the person id of an encounter,
// or by a photo whose face is enrolled with the entry) or take one off. Every 1:N search — an
// encounter with a photo, the identify page — checks the faces of listed persons and raises a
// critical alert for the list's owner on a hit. Actions the role or organization cannot perform
// are not offered; the server decides in the end.
import { formatDateTime, formatNumber } from '../../lib/format';
import type { Watchlist, WatchlistDetail, WatchlistEntry } from '../../lib/types';
import type { Ctx } from '../../shell/ctx';
import { h } from '../../shell/dom';
import { empty, errorBox, fill, loading, toast } from '../../shell/feedback';
import { lang } from '../../shell/i18n';
import { hasAny } from '../../shell/session';
import { dialogShell, submitting } from '../../ui/dialog';
import { formFields, markBusy } from '../../ui/form-fields';
import { photoPicker } from '../../ui/photo-picker';
import { releasabilityField, releasabilityLabel } from '../../ui/releasability';
import {
  buildEntryBody, canCreateWatchlist, canManageWatchlist, checkEntryForm, checkWatchlistName, MAX_ENTRY_NAME,
  MAX_ENTRY_REASON, MAX_WATCHLIST_NAME, personEncountersPath, readPrefill, shortId, watchlistPath, type EntryBy, type EntryProblem,
} from './biometrics';
import { READERS } from './logic';
import { t, type MessageKey } from './messages';
import { migrationPage } from './ui';

export function watchlistsView(ctx: Ctx): void {
  // From an encounter's page: the person to add once a list is chosen.
  const prefill = readPrefill(location.search);
  const slot = h('div', { class: 'panel-body' }, loading());
  const create = canCreateWatchlist(ctx.session.user)
    ? h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'watchlist-new', onclick: () => createDialog(ctx, prefill) }, t('bio.wl.new'))
    : null;
  const notice = prefill.person_id
    ? h('div', { class: 'notice', 'data-testid': 'watchlist-prefill' }, t('bio.wl.choose', { name: prefill.name || prefill.person_id }))
    : null;
  ctx.main.replaceChildren(migrationPage(ctx, 'watchlists', 'watchlists-page', t('bio.wl.title'), t('bio.wl.lead'), create,
    notice,
    h('section', { class: 'panel' }, h('h2', { class: 'panel-title' }, t('bio.wl.listTitle')), slot)));

  void fill(slot, async () => {
    const [{ items }, orgNames] = await Promise.all([ctx.api.watchlists(), ctx.api.orgNames().catch(() => new Map<string, string>())]);
    if (items.length === 0) return empty(t('bio.wl.empty'));
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'watchlists-table' },
      h('thead', null, h('tr', null,
        h('th', null, t('bio.wl.name')), h('th', null, t('mig.field.owner')), h('th', null, t('mig.field.releasability')),
        h('th', { class: 'num' }, t('bio.wl.entries')), h('th', null, t('bio.wl.created')))),
      h('tbody', null, items.map((w) => h('tr', { 'data-id': w.id },
        h('td', null, h('a', { href: watchlistPath(w.id, prefill), 'data-link': true, class: 'strong' }, w.name)),
        h('td', null, orgNames.get(w.owner_org) ?? w.owner_org),
        h('td', { class: 'small' }, releasabilityLabel(w.releasability)),
        h('td', { class: 'num' }, formatNumber(w.entries, lang())),
        h('td', { class: 'nowrap small' }, formatDateTime(w.created_at, lang())))))));
  });
}

function createDialog(ctx: Ctx, prefill: { person_id: string; name: string }): void {
  const { dialog, form, messages, save, open } = dialogShell(t('bio.wl.newTitle'), 'watchlist-dialog');
  const fields = formFields('wl');
  const name = h('input', { id: 'wl-name', required: true, maxlength: MAX_WATCHLIST_NAME, autocomplete: 'off' });
  const rel = releasabilityField('wl-rel', ['PAN']);
  // The page checks the name itself and says why next to the field, in the user's language.
  form.noValidate = true;
  open(
    fields.field('name', t('bio.wl.name'), name, t('bio.wl.nameHint')),
    rel.el,
    h('p', { class: 'muted small' }, t('bio.wl.relHint')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    fields.clear();
    const problem = checkWatchlistName(name.value);
    if (problem) {
      fields.setError('name', t(problem === 'required' ? 'mig.problem.required' : 'bio.problem.tooLong', { max: MAX_WATCHLIST_NAME }));
      fields.focus('name');
      return;
    }
    void submitting(save, form, messages, async () => {
      try {
        const w = await ctx.api.createWatchlist({ name: name.value.trim(), releasability: rel.value() });
        toast(t('bio.wl.createdToast', { name: w.name }));
        dialog.close();
        ctx.navigate(watchlistPath(w.id, prefill));
      } catch (e) {
        fields.showApiError(e, messages);
      }
    });
  });
}

export function watchlistDetailView(ctx: Ctx, id: string): void {
  const head = h('div', null, loading());
  const entriesSlot = h('div', { class: 'panel-body' });
  const side = h('div');
  const entriesTitle = h('h2', { class: 'panel-title' }, t('bio.wl.entriesTitle'));
  ctx.main.replaceChildren(migrationPage(ctx, 'watchlists', 'watchlist-page', t('bio.wl.one'), null,
    h('a', { href: '/migration/watchlists', 'data-link': true, class: 'btn' }, t('bio.wl.back')),
    head,
    h('div', { class: 'detail-grid watchlist-grid' },
      h('section', { class: 'panel' }, entriesTitle, entriesSlot),
      side)));

  let prefill = readPrefill(location.search);
  const load = async (): Promise<void> => {
    head.replaceChildren(loading());
    try {
      const [d, orgNames] = await Promise.all([ctx.api.watchlist(id), ctx.api.orgNames().catch(() => new Map<string, string>())]);
      const heading = ctx.main.querySelector('h1');
      if (heading) heading.textContent = `${t('bio.wl.one')}: ${d.watchlist.name}`;
      const owner = orgNames.get(d.watchlist.owner_org) ?? d.watchlist.owner_org;
      const mine = canManageWatchlist(ctx.session.user, d.watchlist);
      head.replaceChildren(summary(d.watchlist, owner));
      entriesTitle.textContent = t('bio.wl.entriesCount', { count: formatNumber(d.entries.length, lang()) });
      entriesSlot.replaceChildren(d.entries.length === 0 ? empty(t('bio.wl.noEntries')) : entriesTable(ctx, d, mine, () => void load()));
      if (mine) {
        // Kept across reloads after a removal, rebuilt only the first time.
        if (!side.querySelector('[data-testid=entry-form]')) {
          side.replaceChildren(h('section', { class: 'panel' },
            h('h2', { class: 'panel-title' }, t('bio.entry.title')),
            h('div', { class: 'panel-body' }, entryForm(ctx, id, prefill, () => void load()))));
          prefill = { person_id: '', name: '' };
        }
      } else {
        side.replaceChildren(h('section', { class: 'panel' }, h('div', { class: 'panel-body' },
          h('p', { class: 'muted', 'data-testid': 'watchlist-readonly' },
            hasAny(ctx.session.user.roles, ['supervisor', 'admin']) ? t('bio.wl.notOwner', { org: owner }) : t('bio.wl.readOnly', { org: owner })))));
      }
    } catch (e) {
      head.replaceChildren(errorBox(e, () => void load()));
      entriesSlot.replaceChildren();
    }
  };
  void load();
}

function summary(w: Watchlist, owner: string): HTMLElement {
  const kpi = (label: MessageKey, value: string, sub: string | null, testid: string) => h('div', { class: 'kpi', 'data-testid': testid },
    h('div', { class: 'kpi-label' }, t(label)), h('div', { class: 'kpi-value' }, value),
    sub ? h('div', { class: 'kpi-sub muted small' }, sub) : null);
  return h('div', { class: 'kpis', 'data-testid': 'watchlist-summary' },
    kpi('bio.wl.entries', formatNumber(w.entries, lang()), null, 'kpi-entries'),
    kpi('mig.field.owner', owner, t('bio.wl.createdAt', { when: formatDateTime(w.created_at, lang()) }), 'kpi-owner'),
    h('div', { class: 'kpi', 'data-testid': 'kpi-releasability' },
      h('div', { class: 'kpi-label' }, t('mig.field.releasability')),
      h('div', { class: 'kpi-text' }, releasabilityLabel(w.releasability))));
}

function entriesTable(ctx: Ctx, d: WatchlistDetail, mine: boolean, changed: () => void): HTMLElement {
  // Officers, analysts and supervisors read encounters: the person links to theirs.
  const link = hasAny(ctx.session.user.roles, READERS);
  const messages = h('div', { 'aria-live': 'assertive' });
  const remove = (e: WatchlistEntry, b: HTMLButtonElement) => async () => {
    if (!window.confirm(t('bio.entry.confirmRemove', { name: e.name || e.person_id, list: d.watchlist.name }))) return;
    b.disabled = true;
    b.setAttribute('aria-busy', 'true');
    messages.replaceChildren();
    try {
      await ctx.api.removeWatchlistEntry(d.watchlist.id, e.id);
      toast(t('bio.entry.removed', { name: e.name || e.person_id }));
      changed();
    } catch (err) {
      messages.replaceChildren(errorBox(err));
      b.disabled = false;
      b.removeAttribute('aria-busy');
    }
  };
  return h('div', null, messages, h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'entries-table' },
    h('thead', null, h('tr', null,
      h('th', null, t('mig.col.name')), h('th', null, t('bio.entry.reason')), h('th', null, t('mig.field.person')),
      h('th', null, t('bio.entry.face')), h('th', null, t('bio.entry.addedAt')), mine ? h('th', null) : null)),
    h('tbody', null, d.entries.map((e) => {
      const b = h('button', { type: 'button', class: 'btn btn-small btn-danger', 'data-testid': 'entry-remove' }, t('bio.entry.remove'));
      b.addEventListener('click', () => void remove(e, b)());
      return h('tr', { 'data-id': e.id, 'data-person': e.person_id },
        h('td', null, e.name ? h('strong', null, e.name) : h('span', { class: 'muted' }, t('bio.entry.noName'))),
        h('td', { class: 'small' }, e.reason),
        h('td', { class: 'mono small nowrap' }, link
          ? h('a', { href: personEncountersPath(e.person_id), 'data-link': true, title: `${t('bio.id.personLink')}: ${e.person_id}` }, shortId(e.person_id))
          : h('span', { title: e.person_id }, shortId(e.person_id))),
        h('td', { class: 'nowrap' }, e.has_face
          ? h('span', { class: 'chip chip-ok' }, t('bio.entry.hasFace'))
          : h('span', { class: 'chip', title: t('bio.entry.byPersonHint') }, t('bio.entry.byPerson'))),
        h('td', { class: 'small' }, formatDateTime(e.created_at, lang())),
        mine ? h('td', { class: 'actions' }, b) : null);
    })))));
}

function entryForm(ctx: Ctx, listId: string, prefill: { person_id: string; name: string }, added: () => void): HTMLElement {
  const fields = formFields('we');
  let by: EntryBy = 'person';
  const radio = (value: EntryBy, label: MessageKey) => {
    const input = h('input', { type: 'radio', name: 'we-by', value, id: `we-by-${value}`, checked: value === by, 'data-testid': `entry-by-${value}` });
    input.addEventListener('change', () => { if (input.checked) setBy(value); });
    return h('label', { class: 'check' }, input, t(label));
  };
  const person = h('input', { id: 'we-person_id', class: 'mono', spellcheck: 'false', autocomplete: 'off', maxlength: 64, value: prefill.person_id, placeholder: t('mig.filter.personPlaceholder') });
  const picker = photoPicker({
    id: 'we-photo', testid: 'we-photo', noneText: t('bio.entry.photoNone'),
    setError: (m) => fields.setError('photo', m), onCleanup: ctx.onCleanup,
  });
  const name = h('input', { id: 'we-name', maxlength: MAX_ENTRY_NAME, autocomplete: 'off', value: prefill.name });
  const reason = h('textarea', { id: 'we-reason', rows: 3, maxlength: MAX_ENTRY_REASON, 'data-testid': 'we-reason' });
  const personField = fields.field('person_id', t('mig.field.person'), person, t('bio.entry.personHint'));
  const photoField = h('div', { class: 'field-stack' }, fields.field('photo', t('mig.reg.photoLabel'), picker.input, t('bio.entry.photoHint')), picker.row);
  const setBy = (next: EntryBy) => {
    by = next;
    personField.hidden = by !== 'person';
    photoField.hidden = by !== 'photo';
    fields.clear();
  };
  setBy(by);

  const general = h('div', { 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'entry-submit' }, t('bio.entry.submit'));
  const form = h('form', { class: 'register-form', novalidate: true, 'data-testid': 'entry-form' },
    h('fieldset', { class: 'checks', role: 'radiogroup' }, h('legend', null, t('bio.entry.by')),
      radio('person', 'bio.entry.byPersonOption'), radio('photo', 'bio.entry.byPhotoOption')),
    personField, photoField,
    fields.field('name', t('bio.entry.name'), name, t('bio.entry.nameHint')),
    fields.field('reason', t('bio.entry.reason'), reason, t('bio.entry.reasonHint')),
    general,
    h('div', { class: 'form-actions' }, submit));

  const problemText = (p: EntryProblem) => p.problem === 'tooLong'
    ? t('bio.problem.tooLong', { max: p.field === 'name' ? MAX_ENTRY_NAME : MAX_ENTRY_REASON })
    : p.problem === 'required' ? t('mig.problem.required') : t(`bio.problem.${p.problem}` as MessageKey);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fields.clear();
    general.replaceChildren();
    const values = { by, person_id: person.value, name: name.value, reason: reason.value, photo: picker.value() };
    const problems = checkEntryForm(values);
    if (problems.length > 0) {
      for (const p of problems) fields.setError(p.field, problemText(p));
      fields.focus(problems[0]?.field ?? '');
      return;
    }
    const idle = markBusy(form, submit, values.by === 'photo' ? t('mig.reg.submittingPhoto') : t('bio.entry.submitting'), t('bio.entry.submit'));
    try {
      const e = await ctx.api.addWatchlistEntry(listId, buildEntryBody(values));
      toast(t('bio.entry.addedToast', { name: e.name || e.person_id }));
      person.value = '';
      name.value = '';
      reason.value = '';
      picker.reset();
      // The prefill came from the address; once used it must not come back on a reload.
      if (location.search) history.replaceState(null, '', location.pathname);
      added();
    } catch (e) {
      fields.showApiError(e, general);
    } finally {
      idle();
    }
  });
  return form;
}
