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
