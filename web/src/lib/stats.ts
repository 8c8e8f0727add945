// Counts for the charts, computed from what the API returned (never estimated).
import { MODULES, SEVERITIES, type Alert, type Module, type Severity } from './types';

export type SeverityCounts = Record<Severity, number>;

export function zeroCounts(): SeverityCounts {
  return { info: 0, warning: 0, critical: 0 };
}

// Alerts per module and severity. Every known module appears, with zeros where it has none;
// an alert with an unknown module or severity (a newer server) is not counted.
export function countByModule(alerts: readonly Alert[]): Record<Module, SeverityCounts> {
  const out = Object.fromEntries(MODULES.map((m) => [m, zeroCounts()])) as Record<Module, SeverityCounts>;
  for (const a of alerts) {
    const row = out[a.module];
    if (row && (SEVERITIES as readonly string[]).includes(a.severity)) row[a.severity]++;
  }
  return out;
}

export function countBySeverity(alerts: readonly Alert[], module?: Module): SeverityCounts {
  const out = zeroCounts();
  for (const a of alerts) {
    if (module && a.module !== module) continue;
    if ((SEVERITIES as readonly string[]).includes(a.severity)) out[a.severity]++;
  }
  return out;
}

export function total(c: SeverityCounts): number {
  return c.info + c.warning + c.critical;
}

// How many times each value occurs, most frequent first (ties in alphabetical order).
export function countValues(values: readonly string[]): [string, number][] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
