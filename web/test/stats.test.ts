import { describe, expect, it } from 'vitest';
import { countByModule, countBySeverity, total } from '../src/lib/stats';
import type { Alert } from '../src/lib/types';

const alert = (module: Alert['module'], severity: Alert['severity'], id = `${module}-${severity}`): Alert => ({
  id, created_at: '2024-10-01T00:00:00Z', module, kind: 'k', severity, title: 't', detail: '', status: 'open', owner_org: 'SENAN',
});

describe('alert counts', () => {
  const alerts = [
    alert('maritime', 'critical', 'a'), alert('maritime', 'critical', 'b'), alert('maritime', 'info'),
    alert('migration', 'warning'),
    { ...alert('canal', 'warning'), severity: 'extreme' as Alert['severity'] },
  ];

  it('count by module and severity, with zeros for quiet modules', () => {
    const by = countByModule(alerts);
    expect(by.maritime).toEqual({ info: 1, warning: 0, critical: 2 });
    expect(by.migration).toEqual({ info: 0, warning: 1, critical: 0 });
    expect(by.cooperation).toEqual({ info: 0, warning: 0, critical: 0 });
  });

  it('skip severities it does not know', () => {
    expect(countByModule(alerts).canal).toEqual({ info: 0, warning: 0, critical: 0 });
  });

  it('count by severity for one module or all', () => {
    expect(countBySeverity(alerts, 'maritime')).toEqual({ info: 1, warning: 0, critical: 2 });
    expect(total(countBySeverity(alerts))).toBe(4);
  });
});

describe('countValues', () => {
  it('counts and sorts by frequency, then name', async () => {
    const { countValues } = await import('../src/lib/stats');
    expect(countValues(['auth.login', 'user.create', 'auth.login', 'auth.login_failed', 'user.create', 'auth.login']))
      .toEqual([['auth.login', 3], ['user.create', 2], ['auth.login_failed', 1]]);
    expect(countValues([])).toEqual([]);
  });
});
