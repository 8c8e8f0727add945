// A feature: one area of the app (Migration, Alerts, Administration…) as a folder
// web/src/features/<id>/ that the shell knows only through this descriptor. web/src/app.ts lists
// the features; the shell builds the sidebar and the routes from them, so adding an area touches
// no file of the shell. How to write one: docs/web.md, "Adding a feature".
import type { Role } from '../lib/types';
import type { Api } from './api';
import type { Ctx, ParamView, View } from './ctx';
import { errorBox, loading } from './feedback';
import type { Catalogs, ShellKey } from './i18n';

// The sidebar's groups, in this order, under these headings (shell messages nav.section.*).
export const NAV_SECTIONS = ['areas', 'ops', 'admin'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

// A count shown beside a sidebar entry (e.g. open alerts); null hides it.
export interface NavBadge {
  text: string;
  critical: boolean;
}

export interface NavEntry<K extends string> {
  title: K;                          // message key of the label, in the feature's catalog or the shell's
  section: NavSection;
  // Fetched after each page is shown; a failure leaves the badge hidden.
  badge?(api: Api): Promise<NavBadge | null>;
}

// A page at a fixed address, with a sidebar entry if it has `nav`.
export interface Page<K extends string = string> {
  path: string;
  view: View;
  roles?: readonly Role[];           // shown and routed only for these roles; absent means everyone
  nav?: NavEntry<K>;
}

// A page under a feature's address that has no sidebar entry of its own (the feature's tabs or
// links lead there), matched by pattern, with the captured path segments handed to the view.
export interface SubPage {
  pattern: RegExp;
  view: ParamView;
  roles?: readonly Role[];
}

export interface Feature<K extends string = string> {
  id: string;
  messages: Catalogs<K>;             // the feature's catalog: nav titles are looked up here first
  pages: readonly Page<NoInfer<K> | ShellKey>[];
  subPages?: readonly SubPage[];
}

// Checks a feature's nav titles against its own catalog's keys (and the shell's) at compile
// time, then hands the shell a descriptor with the key type erased.
export function defineFeature<K extends string>(f: Feature<K>): Feature {
  return f;
}

export type Match =
  | { kind: 'page'; page: Page; feature: Feature }
  | { kind: 'sub'; sub: SubPage; params: string[]; feature: Feature };

// The page for `path`: fixed addresses first, then patterns, each in the order of the features;
// a page the roles may not open does not match (the address then answers "page not found").
export function matchRoute(features: readonly Feature[], path: string, hasRole: (...roles: Role[]) => boolean): Match | null {
  const allowed = (roles?: readonly Role[]) => !roles || hasRole(...roles);
  for (const feature of features) {
    for (const page of feature.pages) {
      if (page.path === path && allowed(page.roles)) return { kind: 'page', page, feature };
    }
  }
  for (const feature of features) {
    for (const sub of feature.subPages ?? []) {
      const m = sub.pattern.exec(path);
      if (m && allowed(sub.roles)) return { kind: 'sub', sub, params: m.slice(1).map((p) => decodeURIComponent(p)), feature };
    }
  }
  return null;
}

// A view whose code is fetched when its page is first opened (Vite makes a chunk of each dynamic
// import), so that a page downloads and parses only what it shows: the sign-in page none of the
// features' pages, an area without charts no ECharts. While the chunk arrives the page shows a
// spinner; if it cannot be fetched, an error with Retry. A view that arrives after the user has
// left the page (ctx.main no longer in the document) is not run.
//   pages: [{ path: '/alerts', view: lazyView(() => import('./alerts').then((m) => m.alertsView)) }]
export function lazyView(load: () => Promise<View>): View {
  const view = (ctx: Ctx) => lazyRun(ctx, load, (v) => v(ctx));
  return view;
}

export function lazyParamView(load: () => Promise<ParamView>): ParamView {
  return (ctx, params) => lazyRun(ctx, load, (v) => v(ctx, params));
}

async function lazyRun<V>(ctx: Ctx, load: () => Promise<V>, run: (v: V) => void | Promise<void>): Promise<void> {
  const settled = { done: false };
  // A chunk already fetched resolves within a microtask: no spinner flashes on a revisit.
  void Promise.resolve().then(() => {
    if (!settled.done) ctx.main.replaceChildren(loading());
  });
  let v: V;
  try {
    v = await load();
  } catch (e) {
    settled.done = true;
    if (ctx.main.isConnected) ctx.main.replaceChildren(errorBox(e, () => void lazyRun(ctx, load, run)));
    return;
  }
  settled.done = true;
  if (ctx.main.isConnected) await run(v);
}
