// How the shell picks a page from the features' descriptors (src/shell/feature.ts): fixed
// addresses before patterns, features in their listed order, and roles that hide a page.
import { describe, expect, it } from 'vitest';
import type { Role } from '../src/lib/types';
import { defineFeature, matchRoute, type Feature } from '../src/shell/feature';

const view = () => undefined;
const messages = { es: { 'nav.a': 'A' }, en: { 'nav.a': 'A' } };
const a = defineFeature({
  id: 'a',
  messages,
  pages: [
    { path: '/a', view, nav: { title: 'nav.a', section: 'areas' } },
    { path: '/a/admin', view, roles: ['admin'] },
  ],
  subPages: [
    { pattern: /^\/a\/items\/new$/, view, roles: ['officer'] },
    { pattern: /^\/a\/items\/([^/]+)$/, view },
  ],
});
const b = defineFeature({ id: 'b', messages, pages: [{ path: '/a/items/special', view }] });
const FEATURES: Feature[] = [a, b];
const as = (...mine: Role[]) => (...roles: Role[]) => roles.some((r) => mine.includes(r));

describe('matchRoute', () => {
  it('finds a fixed address, with the feature it belongs to', () => {
    const m = matchRoute(FEATURES, '/a', as('analyst'));
    expect(m?.kind).toBe('page');
    expect(m?.feature.id).toBe('a');
  });

  it('tries every fixed address before any pattern', () => {
    const m = matchRoute(FEATURES, '/a/items/special', as('analyst'));
    expect(m).toMatchObject({ kind: 'page', feature: { id: 'b' } });
  });

  it('hands a pattern its captured segments, URI-decoded', () => {
    const m = matchRoute(FEATURES, '/a/items/x%2Fy%20z', as('analyst'));
    expect(m).toMatchObject({ kind: 'sub', params: ['x/y z'] });
  });

  it('skips a page the roles may not open, falling through to the next match', () => {
    expect(matchRoute(FEATURES, '/a/admin', as('analyst'))).toBeNull();
    expect(matchRoute(FEATURES, '/a/admin', as('admin'))?.kind).toBe('page');
    // /a/items/new is the officer's form; anyone else gets the item page for id "new".
    expect(matchRoute(FEATURES, '/a/items/new', as('officer'))).toMatchObject({ kind: 'sub', params: [] });
    expect(matchRoute(FEATURES, '/a/items/new', as('analyst'))).toMatchObject({ kind: 'sub', params: ['new'] });
  });

  it('answers null for an unknown address', () => {
    expect(matchRoute(FEATURES, '/nowhere', as('admin'))).toBeNull();
  });
});
