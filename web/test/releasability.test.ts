import { describe, expect, it } from 'vitest';
import { initialReleasability } from '../src/lib/releasability';

describe('releasability of a new record', () => {
  it('starts with nothing released to a partner unless the organization states a default', () => {
    expect(initialReleasability(undefined)).toEqual({ checked: [], fromOrg: false });
    expect(initialReleasability(null)).toEqual({ checked: [], fromOrg: false });
    expect(initialReleasability([])).toEqual({ checked: [], fromOrg: false });
    expect(initialReleasability(['PAN', 'USA'])).toEqual({ checked: ['PAN', 'USA'], fromOrg: true });
    expect(initialReleasability(['PAN', 'PAN', 'USA'])).toEqual({ checked: ['PAN', 'USA'], fromOrg: true });
  });

  it('takes a bare organization id in the default as the API\'s org:<id> target', () => {
    expect(initialReleasability(['01A2063D-26CF-7087-86C7-60F6E481094D']).checked).toEqual(['org:01a2063d-26cf-7087-86c7-60f6e481094d']);
    expect(initialReleasability(['0190F3E2-7C4B-7A41-9D3E-5B2F1C8A9E10']).checked).toEqual(['org:0190f3e2-7c4b-7a41-9d3e-5b2f1c8a9e10']);
  });
});
