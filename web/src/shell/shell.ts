// The application shell: routing (history API; `istmo serve` falls back to index.html for
// every path outside /api), the signed-in layout, the sidebar built from the features'
// descriptors, and the language switch. It knows no feature: web/src/app.ts hands it the list.
import type { Role } from '../lib/types';
import { Api, csrfToken } from './api';
import type { Ctx } from './ctx';
import { h } from './dom';
import type { ApiError } from './errors';
import { matchRoute, NAV_SECTIONS, type Feature, type NavBadge, type NavSection, type Page } from './feature';
import { LANGS, lang, onLangChange, setLang, t, translator, type Lang, type MessageKey } from './i18n';
import { loginView } from './login';
import { clearSession, loadSession, type Session } from './session';

export interface AppSpec {
  home: string;                        // where "/" and a fresh sign-in lead
  features: readonly Feature[];        // in sidebar order within each section
}

// A sidebar entry with the feature it belongs to (its catalog holds the title).
interface NavItem {
  page: Page & Required<Pick<Page, 'nav'>>;
  feature: Feature;
}

const BADGE_REFRESH_MS = 60_000;

const SECTION_HEADINGS: Record<NavSection, MessageKey> = {
  areas: 'nav.section.areas',
  ops: 'nav.section.ops',
  admin: 'nav.section.admin',
};

export class Shell {
  private session: Session | null = loadSession();
  private cleanups: (() => void)[] = [];
  private notice: MessageKey | null = null;
  private returnTo: string | null = null;     // the page asked for before signing in
  private badges = new Map<NavItem, HTMLElement>();   // the sidebar's badges on screen
  private readonly api: Api;

  constructor(private readonly root: HTMLElement, private readonly app: AppSpec) {
    this.api = new Api({
      csrf: () => csrfToken(),
      onUnauthenticated: (e) => this.expired(e),
    });
    window.addEventListener('popstate', () => this.render());
    document.addEventListener('click', (ev) => this.interceptLink(ev));
    onLangChange(() => this.render());
    // Badges (open alerts) follow what happens elsewhere: a page that raised or changed an alert
    // says so with this event; other users' alerts show within a minute while the tab is seen.
    window.addEventListener('istmo:alerts-changed', () => this.refreshBadges());
    window.setInterval(() => {
      if (document.visibilityState === 'visible') this.refreshBadges();
    }, BADGE_REFRESH_MS);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.refreshBadges();
    });
  }

  private refreshBadges(): void {
    if (!this.session) return;
    for (const [item, el] of this.badges) void this.refreshBadge(item, el);
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
    this.navigate(a.getAttribute('href') ?? this.app.home);
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
          const next = this.returnTo ?? this.app.home;
          this.returnTo = null;
          this.navigate(next, true);
        },
      }));
      return;
    }
    if (path === '/' || path === '/login') {
      history.replaceState(null, '', this.app.home);
      return this.render();
    }

    const session = this.session;
    const hasRole = (...roles: Role[]) => roles.some((r) => session.user.roles.includes(r));
    const navItems: NavItem[] = this.app.features.flatMap((feature) => feature.pages
      .filter((page): page is NavItem['page'] => page.nav !== undefined && (!page.roles || hasRole(...page.roles)))
      .map((page) => ({ page, feature })));
    const match = matchRoute(this.app.features, path, hasRole);

    const main = h('main', { class: 'main', id: 'main', tabindex: '-1' });
    const badges = new Map<NavItem, HTMLElement>();
    this.badges = badges;
    // On a phone or a tablet the sidebar is a drawer behind the top bar's menu button; following
    // a link renders the page anew, which closes it.
    const frame = h('div', { class: 'shell' });
    const nav = sidebar(navItems, path, badges);
    const scrim = h('div', { class: 'nav-scrim', 'aria-hidden': 'true', onclick: () => setDrawer(false) });
    const menu = h('button', {
      type: 'button', class: 'btn btn-ghost menu-toggle', 'data-testid': 'menu-toggle', 'aria-controls': 'sidebar',
      'aria-expanded': 'false', 'aria-label': t('nav.menu'), onclick: () => setDrawer(!frame.classList.contains('nav-open')),
    }, h('span', { class: 'menu-icon', 'aria-hidden': 'true' }), h('span', { class: 'menu-label' }, t('nav.menu')));
    const setDrawer = (open: boolean) => {
      frame.classList.toggle('nav-open', open);
      menu.setAttribute('aria-expanded', String(open));
    };
    frame.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && frame.classList.contains('nav-open')) setDrawer(false);
    });
    frame.append(this.topbar(session, menu), nav, scrim, main);
    this.root.replaceChildren(frame);

    const ctx: Ctx = {
      api: this.api,
      session,
      main,
      navigate: (p) => this.navigate(p),
      onCleanup: (fn) => this.cleanups.push(fn),
      hasRole,
    };
    if (!match) {
      main.replaceChildren(h('section', { class: 'page' },
        h('h1', null, t('notFound.title')),
        h('p', null, t('notFound.body', { path }))));
      return;
    }
    if (match.kind === 'sub') void match.sub.view(ctx, match.params);
    else void match.page.view(ctx);
    this.refreshBadges();
  }

  private topbar(s: Session, menu: HTMLElement): HTMLElement {
    const roles = s.user.roles.map((r) => t(`role.${r}` as MessageKey)).join(', ');
    return h('header', { class: 'topbar' },
      menu,
      h('a', { class: 'brand', href: this.app.home, 'data-link': true },
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

  private async refreshBadge(item: NavItem, el: HTMLElement): Promise<void> {
    let badge: NavBadge | null = null;
    try {
      badge = (await item.page.nav.badge?.(this.api)) ?? null;
    } catch {
      // The badge is a convenience; the feature's page shows the error itself.
      return;
    }
    if (badge) el.textContent = badge.text;
    el.hidden = badge === null;
    el.classList.toggle('critical', badge?.critical ?? false);
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

// The sidebar: the features' entries by section. `badges` receives the badge element of each
// entry that has one, for the shell to fill once the page is shown.
function sidebar(items: NavItem[], current: string, badges: Map<NavItem, HTMLElement>): HTMLElement {
  // An area stays marked while one of its sub-pages is open.
  const within = (p: NavItem['page']) => p.path === current || (p.nav.section === 'areas' && current.startsWith(`${p.path}/`));
  const link = (item: NavItem) => {
    const { page, feature } = item;
    const badge = page.nav.badge ? h('span', { class: 'nav-badge', hidden: true }) : null;
    if (badge) badges.set(item, badge);
    return h('a', {
      href: page.path, 'data-link': true, class: within(page) ? 'nav-link active' : 'nav-link',
      'aria-current': page.path === current ? 'page' : null, 'data-testid': `nav-${page.path.slice(1).replace('/', '-')}`,
    }, h('span', { class: 'nav-label' }, translator(lang(), feature.messages)(page.nav.title)), badge);
  };
  const section = (s: NavSection) => {
    const entries = items.filter((i) => i.page.nav.section === s);
    return entries.length === 0 ? null : h('div', { class: 'nav-section' },
      h('div', { class: 'nav-heading' }, t(SECTION_HEADINGS[s])), ...entries.map(link));
  };
  return h('nav', { class: 'sidebar', id: 'sidebar', 'aria-label': t('nav.section.areas'), 'data-testid': 'sidebar' },
    ...NAV_SECTIONS.map(section),
    h('div', { class: 'sidebar-foot' }, t('app.timezone')));
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
