// Drugs seized, as the outcome of an interdiction and the result of a container inspection write
// them: rows of a type and kg typed in either decimal mark. No DOM.
import { parseAmount } from './format';

export interface DrugRow { type: string; kg: string }
export interface DrugProblem {
  field: string;                     // the JSON pointer the API would name: "/drugs/0/kg"
  problem: 'required' | 'number' | 'positive';
}

// Rows left entirely empty are not sent; a row half filled is a problem. A type not in `types`
// is sent as `fallback`. Pointers count the rows sent, as the API does.
export function readDrugRows<T extends string>(rows: readonly DrugRow[], types: readonly T[], fallback: T): { drugs: { type: T; kg: number }[]; problems: DrugProblem[] } {
  const problems: DrugProblem[] = [];
  const drugs: { type: T; kg: number }[] = [];
  rows.forEach((r) => {
    if (!r.type && !r.kg.trim()) return;
    const at = `/drugs/${drugs.length}`;
    const kg = parseAmount(r.kg);
    if (!r.type) problems.push({ field: `${at}/type`, problem: 'required' });
    if (!r.kg.trim()) problems.push({ field: `${at}/kg`, problem: 'required' });
    else if (kg === null) problems.push({ field: `${at}/kg`, problem: 'number' });
    else if (kg <= 0) problems.push({ field: `${at}/kg`, problem: 'positive' });
    drugs.push({ type: (types as readonly string[]).includes(r.type) ? (r.type as T) : fallback, kg: kg ?? 0 });
  });
  return { drugs, problems };
}
