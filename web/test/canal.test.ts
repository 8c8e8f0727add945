// The canal pages' pure part (features/canal/logic.ts): who may do what, the filters in the
// address, the behaviour badges, the yield as text, lane rates, the inspection result form and
// a rule error's place in the editor's text; and that every value the canal API sends in an
// enum has a label in both languages.
import { describe, expect, it } from 'vitest';
import {
  behaviourBadges, errorPointer, explanationIn, isoDay, laneRates, liftText, mayAssign, mayCorrect, mayManageLanes, mayQueue, mayReadCanal, mayRecord, mayScore,
  mayReadSuggestions, mayWriteRules, parseItems, parseWeight, percentText, rateWithInterval, readScoreFilters, resultBody, scoreFiltersQuery,
  suggestionState, type ResultForm,
} from '../src/features/canal/logic';
import { MESSAGES as CANAL } from '../src/features/canal/messages';
import {
  CANAL_DRUGS, CANAL_LANES, CANAL_SELECTIONS, INSPECTION_RESULTS, LIST_KINDS, INSPECTION_STATUSES, PHYSICAL_EXAMS, RULE_STATUSES, SCAN_RESULTS, SEAL_CHECKS,
} from '../src/lib/types';

const ORG = 'org-ana';
const as = (...roles: ('officer' | 'analyst' | 'supervisor' | 'admin')[]) => ({ orgId: ORG, roles });

describe('who may do what on the canal pages', () => {
  it('lets officers, analysts and supervisors read, and admins nothing', () => {
    expect(mayReadCanal(as('officer'))).toBe(true);
    expect(mayReadCanal(as('supervisor'))).toBe(true);
    expect(mayReadCanal(as('admin'))).toBe(false);
  });

  it('lets only analysts of the owning organization write rules and lists', () => {
    expect(mayWriteRules(as('analyst'))).toBe(true);
    expect(mayWriteRules(as('analyst'), ORG)).toBe(true);
    expect(mayWriteRules(as('analyst'), 'another-org')).toBe(false);
    expect(mayWriteRules(as('supervisor'), ORG)).toBe(false);
    expect(mayWriteRules(as('officer'), ORG)).toBe(false);
  });

  it('keeps lanes and assignment to supervisors, results to officers of an assigned inspection', () => {
    expect(mayManageLanes(as('supervisor'))).toBe(true);
    expect(mayManageLanes(as('analyst'))).toBe(false);
    expect(mayScore(as('analyst'))).toBe(true);
    expect(mayScore(as('officer'))).toBe(false);
    expect(mayAssign(as('supervisor'), { status: 'queued', owner_org: ORG })).toBe(true);
    expect(mayAssign(as('supervisor'), { status: 'queued', owner_org: 'another-org' })).toBe(false);
    expect(mayAssign(as('supervisor'), { status: 'done', owner_org: ORG })).toBe(false);
    expect(mayAssign(as('officer'), { status: 'queued', owner_org: ORG })).toBe(false);
    const unit = { id: 'u1', name: 'Balboa' };
    expect(mayRecord(as('officer'), { status: 'assigned', unit, owner_org: ORG })).toBe(true);
    expect(mayRecord(as('officer'), { status: 'assigned', unit, owner_org: 'another-org' })).toBe(false);
    expect(mayRecord(as('officer'), { status: 'queued', unit: null, owner_org: ORG })).toBe(false);
    expect(mayRecord(as('supervisor'), { status: 'assigned', unit, owner_org: ORG })).toBe(false);
    expect(mayCorrect(as('supervisor'), { status: 'done', owner_org: ORG })).toBe(true);
    expect(mayCorrect(as('officer'), { status: 'done', owner_org: ORG })).toBe(false);
    expect(mayQueue(as('supervisor'), { owner_org: ORG })).toBe(true);
    expect(mayQueue(as('supervisor'), { owner_org: 'another-org' })).toBe(false);
  });
});

describe('the ranked containers filter', () => {
  it('reads known values from the address and drops the rest', () => {
    expect(readScoreFilters('?lane=red&selection=random&min_score=030')).toEqual({ lane: 'red', selection: 'random', minScore: '30', transitId: '', importId: '' });
    expect(readScoreFilters('?lane=purple&selection=manual&min_score=-3')).toEqual({ lane: '', selection: '', minScore: '', transitId: '', importId: '' });
    expect(readScoreFilters('?selection=none').selection).toBe('none');
  });

  it('writes only the values set, under the API names', () => {
    expect(scoreFiltersQuery({ lane: 'yellow', selection: '', minScore: '10', transitId: '', importId: '' })).toBe('lane=yellow&min_score=10');
    const id = '0b6c9a52-8d1f-4c55-9a43-3f1f1f1f1f1f';
    expect(readScoreFilters(`?transit_id=${id}`).transitId).toBe(id);
    expect(scoreFiltersQuery({ lane: '', selection: '', minScore: '', transitId: '', importId: id })).toBe(`import_id=${id}`);
  });
});

describe("a vessel's behaviour as badges", () => {
  it('shows one badge per kind seen, encounters, source-country calls and alerts as critical', () => {
    const b = behaviourBadges({ gaps: 2, dark_hours: 31.5, encounters: 1, loitering: 0, alerts: 0, source_port_calls: 3 });
    expect(b.map((x) => x.kind)).toEqual(['gaps', 'encounters', 'source_port_calls']);
    expect(b[0]).toEqual({ kind: 'gaps', count: 2, hours: 31.5, critical: false });
    expect(b[1]?.critical).toBe(true);
  });

  it('shows none for a clean or unknown vessel', () => {
    expect(behaviourBadges({ gaps: 0, dark_hours: 0, encounters: 0, loitering: 0, alerts: 0, source_port_calls: 0 })).toEqual([]);
    expect(behaviourBadges(null)).toEqual([]);
  });
});

describe('yield as text', () => {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  it('gives the hit rate with its interval, or a dash when nothing was inspected', () => {
    expect(rateWithInterval(0.125, 0.081, 0.18, pct)).toBe('12.5% (8.1%–18.0%)');
    expect(rateWithInterval(0.2, null, null, pct)).toBe('20.0%');
    expect(rateWithInterval(null, null, null, pct)).toBe('—');
  });
  it('gives the lift as a multiple, or a dash without a baseline', () => {
    expect(liftText(4.24, (x, d) => x.toFixed(d))).toBe('×4.2');
    expect(liftText(null, (x, d) => x.toFixed(d))).toBe('—');
    expect(liftText(Infinity, (x, d) => x.toFixed(d))).toBe('—');
  });
  it("shows a rule's explanation in the page's language, else the other", () => {
    expect(explanationIn({ es: 'Origen de riesgo', en: 'Source risk' }, 'en')).toBe('Source risk');
    expect(explanationIn({ es: 'Origen de riesgo', en: '' }, 'en')).toBe('Origen de riesgo');
    expect(explanationIn(null, 'es')).toBe('');
  });
});

describe('lane rates', () => {
  it('reads percentages with either decimal mark into fractions', () => {
    expect(laneRates({ red: '1', yellow: '2,5', random: '0.5' })).toEqual({ rates: { red_rate: 0.01, yellow_rate: 0.025, random_rate: 0.005 }, problems: [] });
  });
  it('refuses text, a rate above 100 % and three rates above 100 % together', () => {
    expect(laneRates({ red: 'x', yellow: '1', random: '1' }).problems).toEqual([{ field: 'red_rate', problem: 'number' }]);
    expect(laneRates({ red: '101', yellow: '0', random: '0' }).problems).toEqual([{ field: 'red_rate', problem: 'range' }]);
    expect(laneRates({ red: '60', yellow: '30', random: '20' }).problems).toEqual([{ field: 'sum', problem: 'sum' }]);
  });
  it('shows a stored fraction as the percentage typed', () => {
    expect(percentText(0.01)).toBe('1');
    expect(percentText(0.025)).toBe('2.5');
  });
});

describe('the inspection result form', () => {
  const form = (over: Partial<ResultForm>): ResultForm => ({
    scan: 'anomaly', exam: 'done', seal: 'broken', result: 'positive', drugs: [{ type: '', kg: '' }], other: '', notes: '', ...over,
  });

  it('sends the drugs with kg, leaving out empty rows', () => {
    const { body, problems } = resultBody(form({ drugs: [{ type: 'cocaine', kg: '212,5' }, { type: '', kg: '' }], notes: ' bajo el piso ' }));
    expect(problems).toEqual([]);
    expect(body).toEqual({
      scan_result: 'anomaly', physical_exam: 'done', seal_check: 'broken', result: 'positive',
      drugs: [{ type: 'cocaine', kg: 212.5 }], other_contraband: '', notes: 'bajo el piso',
    });
  });

  it('asks a positive for a finding and refuses a finding on a negative', () => {
    expect(resultBody(form({})).problems).toEqual([{ field: '/result', problem: 'positiveNeedsFinding' }]);
    expect(resultBody(form({ other: 'Armas cortas' })).problems).toEqual([]);
    expect(resultBody(form({ result: 'negative', drugs: [{ type: 'cannabis', kg: '3' }] })).problems).toEqual([{ field: '/result', problem: 'negativeHasFinding' }]);
    expect(resultBody(form({ result: 'negative' })).problems).toEqual([]);
  });

  it('names each bad row by the pointer the API would use', () => {
    const { problems } = resultBody(form({ drugs: [{ type: 'heroin', kg: '1,250' }, { type: '', kg: '4' }, { type: 'other', kg: '0' }] }));
    expect(problems).toEqual([
      { field: '/drugs/0/kg', problem: 'number' },
      { field: '/drugs/1/type', problem: 'required' },
      { field: '/drugs/2/kg', problem: 'positive' },
    ]);
  });

  it('requires every check to be chosen', () => {
    const { problems } = resultBody(form({ scan: '', exam: '', seal: '', result: '' }));
    expect(problems.map((p) => p.field)).toEqual(['/scan_result', '/physical_exam', '/seal_check', '/result']);
  });
});

describe('the rule editor', () => {
  it("puts the caret under the error's column of its line", () => {
    const text = 'port_of_loading in @source_ports\nand weigth_kg > 10';
    expect(errorPointer(text, 2, 5)).toEqual({ source: 'and weigth_kg > 10', caret: '    ^', offset: 33 + 4 });
    expect(errorPointer('\tx = ', 1, 3)).toEqual({ source: '\tx = ', caret: '\t ^', offset: 2 });
  });
  it('keeps the caret inside the line and gives nothing for a line that is not there', () => {
    expect(errorPointer('abc', 1, 99)?.caret).toBe('   ^');
    expect(errorPointer('abc', 3, 1)).toBeNull();
    expect(errorPointer('abc', null, null)).toBeNull();
  });
  it('reads list items one per line or by commas, without blanks or repeats', () => {
    expect(parseItems('ECGYE\n COBUN ,ECGYE\n\nPECLL;')).toEqual(['ECGYE', 'COBUN', 'PECLL']);
  });
  it('takes a weight from 1 to 100', () => {
    expect(parseWeight('30')).toBe(30);
    expect(parseWeight('0')).toBeNull();
    expect(parseWeight('101')).toBeNull();
    expect(parseWeight('2.5')).toBeNull();
  });
});

describe('suggested weights on the rules page', () => {
  const weight = (w: number, inspected = 120) => ({ action: 'weight' as const, suggested_weight: w, inspected });
  it('offers to apply a suggested weight only when it differs from the current one', () => {
    expect(suggestionState(weight(27), 20, 400, 30)).toEqual({ kind: 'apply', weight: 27 });
    expect(suggestionState(weight(20), 20, 400, 30)).toEqual({ kind: 'keep', weight: 20 });
  });
  it('passes a retire suggestion on, whatever the weight', () => {
    expect(suggestionState({ action: 'retire', suggested_weight: null, inspected: 300 }, 20, 400, 30)).toEqual({ kind: 'retire' });
  });
  it("says the rule's own inspections are short before the baseline's", () => {
    const few = { action: 'insufficient' as const, suggested_weight: null, inspected: 12 };
    expect(suggestionState(few, 20, 5, 30)).toEqual({ kind: 'insufficient', short: 'rule', have: 12, need: 30 });
  });
  it('blames the random baseline when the rule has enough inspections', () => {
    const enough = { action: 'insufficient' as const, suggested_weight: null, inspected: 45 };
    expect(suggestionState(enough, 20, 7, 30)).toEqual({ kind: 'insufficient', short: 'baseline', have: 7, need: 30 });
  });
  it('shows the suggestions to analysts and supervisors, not to officers', () => {
    expect(mayReadSuggestions(as('analyst'))).toBe(true);
    expect(mayReadSuggestions(as('supervisor'))).toBe(true);
    expect(mayReadSuggestions(as('officer'))).toBe(false);
  });
  it("dates an applied suggestion by the user's calendar day", () => {
    expect(isoDay(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(isoDay(new Date(2026, 10, 28, 0, 1))).toBe('2026-11-28');
  });
});

describe('the canal catalog', () => {
  it('translates every value the canal API can send in an enum', () => {
    const keys = [
      ...CANAL_LANES.map((x) => `canal.lane.${x}`), ...CANAL_SELECTIONS.map((x) => `canal.selection.${x}`),
      ...RULE_STATUSES.map((x) => `canal.ruleStatus.${x}`), ...INSPECTION_STATUSES.map((x) => `canal.inspStatus.${x}`),
      ...INSPECTION_RESULTS.map((x) => `canal.result.${x}`), ...SCAN_RESULTS.map((x) => `canal.scan.${x}`),
      ...PHYSICAL_EXAMS.map((x) => `canal.exam.${x}`), ...SEAL_CHECKS.map((x) => `canal.seal.${x}`),
      ...CANAL_DRUGS.map((x) => `canal.drug.${x}`), ...LIST_KINDS.map((x) => `canal.listKind.${x}`),
      ...['text', 'number', 'list', 'bool'].map((x) => `canal.fieldType.${x}`),
      ...['northbound', 'southbound'].map((x) => `canal.direction.${x}`), ...['panamax', 'neopanamax'].map((x) => `canal.lockSet.${x}`),
    ];
    for (const key of keys) {
      expect(Object.keys(CANAL.es), key).toContain(key);
      expect(Object.keys(CANAL.en), key).toContain(key);
    }
  });
});
