// The application shell: routing (history API; `istmo serve` falls back to index.html for
// every path outside /api), the signed-in layout and the language switch.
import { Api } from './api';
import { h } from './dom';
import type { ApiError } from './errors';
import { formatNumber } from './format';
import { LANGS, lang, onLangChange, setLang, t, type Lang, type MessageKey } from './i18n';
import { clearSession, loadSession, type Session } from './session';
import type { Module, Role } from './types';
import { adminAuditView } from './views/admin-audit';
import { adminOrgsView } from './views/admin-orgs';
import { adminUsersView } from './views/admin-users';
import { alertsView } from './views/alerts';
import { areaView } from './views/area';
import { loginView } from './views/login';
import { encounterDetailView, encountersView } from './views/migration-encounters';
import { registerEncounterView } from './views/migration-register';
import { flightDetailView, repatriationView } from './views/migration-repatriation';
import { identifyView } from './views/migration-identify';
import { trendsView } from './views/migration-trends';
import { watchlistDetailView, watchlistsView } from './views/migration-watchlists';
import { IDENTIFIERS, WATCHLIST_READERS } from './biometrics';
import { READERS, REGISTRARS } from './migration';

export interface Ctx {
  api: Api;
  session: Session;
  main: HTMLElement;
  navigate(path: string): void;
  onCleanup(fn: () => void): void;   // runs when the user leaves the page
  hasRole(...roles: Role[]): boolean;
}

type View = (ctx: Ctx) => void | Promise<void>;

// Pages under an area that have no sidebar entry of their own (the area's tabs lead there);
// matched by pattern, with the captured path segments handed to the view.
interface SubRoute {
  pattern: RegExp;
  view: (ctx: Ctx, params: string[]) => void | Promise<void>;
  roles?: readonly Role[];
}

const SUB_ROUTES: SubRoute[] = [
  { pattern: /^\/migration\/encounters\/new$/, view: registerEncounterView, roles: REGISTRARS },
  { pattern: /^\/migration\/encounters$/, view: encountersView, roles: READERS },
  { pattern: /^\/migration\/encounters\/([^/]+)$/, view: (ctx, p) => encounterDetailView(ctx, p[0] ?? ''), roles: READERS },
  { pattern: /^\/migration\/identify$/, view: identifyView, roles: IDENTIFIERS },
  { pattern: /^\/migration\/watchlists$/, view: watchlistsView, roles: WATCHLIST_READERS },
  { pattern: /^\/migration\/watchlists\/([^/]+)$/, view: (ctx, p) => watchlistDetailView(ctx, p[0] ?? ''), roles: WATCHLIST_READERS },
  { pattern: /^\/migration\/trends$/, view: trendsView, roles: READERS },
  { pattern: /^\/migration\/repatriation$/, view: repatriationView, roles: READERS },
  { pattern: /^\/migration\/repatriation\/flights\/([^/]+)$/, view: (ctx, p) => flightDetailView(ctx, p[0] ?? ''), roles: READERS },
];

interface Route {
  path: string;
  label: MessageKey;
  view: View;
  section: 'areas' | 'ops' | 'admin';
  roles?: Role[];                      // shown only to these roles; absent means everyone
}

const AREAS: Module[] = ['migration', 'maritime', 'canal', 'cooperation'];

const ROUTES: Route[] = [
  ...AREAS.map((m): Route => ({
    path: `/${m}`, label: `nav.${m}` as MessageKey, view: (ctx) => areaView(ctx, m), section: 'areas',
  })),
  { path: '/alerts', label: 'nav.alerts', view: alertsView, section: 'ops' },
  { path: '/admin/orgs', label: 'nav.orgs', view: adminOrgsView, section: 'admin' },
  { path: '/admin/users', label: 'nav.users', view: adminUsersView, section: 'admin', roles: ['admin'] },
  { path: '/admin/audit', label: 'nav.audit', view: adminAuditView, section: 'admin', roles: ['admin', 'supervisor'] },
];

const HOME = '/migration';

export class App {
  private session: Session | null = loadSession();
  private cleanups: (() => void)[] = [];
  private notice: MessageKey | null = null;
  private returnTo: string | null = null;     // the page asked for before signing in
  private readonly api: Api;

  constructor(private readonly root: HTMLElement) {
    this.api = new Api({
      token: () => this.session?.token ?? null,
      onUnauthenticated: (e) => this.expired(e),
    });
    window.addEventListener('popstate', () => this.render());
    document.addEventListener('click', (ev) => this.interceptLink(ev));
    onLangChange(() => this.render());
  }

  start(): void {
    this.render();
  }

  navigate(path: string, replace = false): void {
    if (replace) history.replaceState(null, '', path);
    else if (location.pathname !== path) history.pushState(null, '', path);
    this.render();
  }

  private interceptLink(ev: MouseEvent): void {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    const a = (ev.target as Element | null)?.closest?.('a[data-link]');
    if (!a) return;
    ev.preventDefault();
    this.navigate(a.getAttribute('href') ?? HOME);
  }

  private expired(_e: ApiError): void {
    if (!this.session) return;
    this.session = null;
    clearSession();
    this.notice = 'login.expired';
    this.returnTo = location.pathname;
    this.navigate('/login', true);
  }

  private runCleanups(): void {
    for (const fn of this.cleanups.splice(0)) {
      try {
        fn();
      } catch {
        // A page that fails to tidy up must not block the next one.
      }
    }
  }

  render(): void {
    this.runCleanups();
    document.documentElement.lang = lang();
    document.title = t('app.name');
    const path = location.pathname.replace(/\/+$/, '') || '/';

    if (!this.session) {
      if (path !== '/login') {
        if (path !== '/') this.returnTo = path;
        history.replaceState(null, '', '/login');
      }
      const notice = this.notice;
      this.notice = null;
      this.root.replaceChildren(loginView({
        api: this.api,
        notice,
        languageSwitch: languageSwitch(),
        onLoggedIn: (s) => {
          this.session = s;
          const next = this.returnTo ?? HOME;
          this.returnTo = null;
          this.navigate(next, true);
        },
      }));
      return;
    }
    if (path === '/' || path === '/login') {
      history.replaceState(null, '', HOME);
      return this.render();
    }

    const session = this.session;
    const hasRole = (...roles: Role[]) => roles.some((r) => session.user.roles.includes(r));
    const visible = ROUTES.filter((r) => !r.roles || hasRole(...r.roles));
    const route = visible.find((r) => r.path === path);
    let sub: { route: SubRoute; params: string[] } | null = null;
    if (!route) {
      for (const r of SUB_ROUTES) {
        const m = r.pattern.exec(path);
        if (m && (!r.roles || hasRole(...r.roles))) {
          sub = { route: r, params: m.slice(1).map((p) => decodeURIComponent(p)) };
          break;
        }
      }
    }

    const main = h('main', { class: 'main', id: 'main', tabindex: '-1' });
    this.root.replaceChildren(h('div', { class: 'shell' },
      this.topbar(session),
      this.sidebar(visible, path),
      main));

    const ctx: Ctx = {
      api: this.api,
      session,
      main,
      navigate: (p) => this.navigate(p),
      onCleanup: (fn) => this.cleanups.push(fn),
      hasRole,
    };
    if (sub) {
      void sub.route.view(ctx, sub.params);
      void this.refreshAlertBadge();
      return;
    }
    if (!route) {
      main.replaceChildren(h('section', { class: 'page' },
        h('h1', null, t('notFound.title')),
        h('p', null, t('notFound.body', { path }))));
      return;
    }
    void route.view(ctx);
    void this.refreshAlertBadge();
  }

  private topbar(s: Session): HTMLElement {
    const roles = s.user.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ');
    return h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: HOME, 'data-link': true },
        h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
        h('span', { class: 'brand-name' }, t('app.name')),
        h('span', { class: 'brand-tag' }, t('app.tagline'))),
      h('div', { class: 'topbar-spacer' }),
      h('div', { class: 'whoami', 'data-testid': 'whoami', title: t('nav.signedInAs', { name: s.user.username }) },
        h('span', { class: 'who-name' }, s.user.display_name || s.user.username),
        h('span', { class: 'who-org' }, `${s.user.org.name} · ${roles}`)),
      languageSwitch(),
      h('button', {
        type: 'button', class: 'btn btn-ghost', 'data-testid': 'logout',
        onclick: () => void this.logout(),
      }, t('nav.logout')));
  }

  private sidebar(routes: Route[], current: string): HTMLElement {
    // An area stays marked while one of its sub-pages is open.
    const within = (r: Route) => r.path === current || (r.section === 'areas' && current.startsWith(`${r.path}/`));
    const link = (r: Route) => h('a', {
      href: r.path, 'data-link': true, class: within(r) ? 'nav-link active' : 'nav-link',
      'aria-current': r.path === current ? 'page' : null, 'data-testid': `nav-${r.path.slice(1).replace('/', '-')}`,
    }, h('span', { class: 'nav-label' }, t(r.label)),
       r.path === '/alerts' ? h('span', { class: 'nav-badge', id: 'alert-badge', hidden: true }) : null);
    const section = (key: MessageKey, items: Route[]) => items.length === 0 ? null : h('div', { class: 'nav-section' },
      h('div', { class: 'nav-heading' }, t(key)), ...items.map(link));
    return h('nav', { class: 'sidebar', 'aria-label': t('nav.areas') },
      section('nav.areas', routes.filter((r) => r.section === 'areas')),
      section('nav.alerts', routes.filter((r) => r.section === 'ops')),
      section('nav.admin', routes.filter((r) => r.section === 'admin')),
      h('div', { class: 'sidebar-foot' }, t('app.timezone')));
  }

  private async refreshAlertBadge(): Promise<void> {
    try {
      const { items } = await this.api.alerts('open', 50);
      const badge = document.getElementById('alert-badge');
      if (!badge) return;
      badge.textContent = items.length >= 50 ? '50+' : formatNumber(items.length, lang());
      badge.hidden = items.length === 0;
      badge.classList.toggle('critical', items.some((a) => a.severity === 'critical'));
    } catch {
      // The badge is a convenience; the alerts page shows the error itself.
    }
  }

  private async logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // The token is dropped on this side either way.
    }
    this.session = null;
    clearSession();
    this.notice = 'login.loggedOut';
    this.returnTo = null;
    this.navigate('/login', true);
  }
}

function languageSwitch(): HTMLElement {
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': t('lang.label') },
    ...LANGS.map((l: Lang) => h('button', {
      type: 'button',
      class: l === lang() ? 'lang active' : 'lang',
      'aria-pressed': l === lang() ? 'true' : 'false',
      'data-testid': `lang-${l}`,
      lang: l,
      title: t(`lang.${l}` as MessageKey),
      onclick: () => setLang(l),
    }, l.toUpperCase())));
}
