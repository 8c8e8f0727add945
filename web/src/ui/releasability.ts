// Who may see a record, as every form and list of the app shows it: the checkboxes of a new
// record (Panama, the United States, everyone; none keeps it to the owning organization) and the
// words for a stored list. What a new record starts with: lib/releasability.ts.
import { formatCountry } from '../lib/format';
import { h } from '../shell/dom';
import { lang, t } from '../shell/i18n';

const OPTIONS = ['PAN', 'USA', 'ALL'] as const;

// "Panamá (PAN)"; the code alone when the name is not known.
function countryText(code: string): string {
  const name = formatCountry(code, lang());
  return name === code ? code : `${name} (${code})`;
}

// "Panamá (PAN), Estados Unidos (USA)" in the reader's words; none is the owner alone.
export function releasabilityLabel(r: readonly string[]): string {
  if (r.length === 0) return t('rel.ownerOnly');
  return r.map((x) => (x === 'ALL' ? t('rel.ALL') : x.startsWith('org:') ? x : countryText(x))).join(', ');
}

// The checkboxes, with ids and test ids `<idPrefix>-PAN` etc. A target without a box (an
// organization's "org:<id>" in its default) is kept as it is. `fromOrg`: the ticks come from the
// organization's default, which the field then says (test id rel-org-default).
export function releasabilityField(idPrefix: string, checked: readonly string[], fromOrg = false): { el: HTMLElement; value(): string[] } {
  const boxes = OPTIONS.map((o) => ({ o, box: h('input', { type: 'checkbox', id: `${idPrefix}-${o}`, value: o, checked: checked.includes(o), 'data-testid': `${idPrefix}-${o}` }) }));
  const others = checked.filter((c) => !(OPTIONS as readonly string[]).includes(c));
  const el = h('fieldset', { class: 'checks', id: idPrefix },
    h('legend', null, t('rel.legend')),
    ...boxes.map(({ o, box }) => h('label', { class: 'check' }, box, o === 'ALL' ? t('rel.ALL') : countryText(o))),
    h('p', { class: 'muted small hint' }, t('rel.hint')),
    fromOrg ? h('p', { class: 'small hint', 'data-testid': 'rel-org-default' }, t('rel.orgDefault')) : null);
  return { el, value: () => [...boxes.filter((b) => b.box.checked).map((b) => b.o), ...others] };
}
