// Who is signed in, kept in localStorage until the session expires or the user signs out. The
// token itself is never here: the server keeps it in an HttpOnly cookie that scripts cannot read
// (docs/api.md "Sessions"), so a script injected into the page cannot carry it away.
import type { LoginResponse, Role, User } from '../lib/types';

const KEY = 'istmo.session';

export interface Session {
  expiresAt: string;
  user: User;
}

export function loadSession(now = Date.now()): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    const exp = Date.parse(s.expiresAt);
    if (!s.user || (!Number.isNaN(exp) && exp <= now)) {
      localStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function saveSession(r: LoginResponse): Session {
  const s: Session = { expiresAt: r.expires_at, user: r.user };
  localStorage.setItem(KEY, JSON.stringify(s));
  return s;
}

export function updateUser(s: Session, user: User): Session {
  const next = { ...s, user };
  localStorage.setItem(KEY, JSON.stringify(next));
  return next;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

// Whether any of `roles` is among `allowed` (a page's or an action's roles).
export function hasAny(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.some((r) => allowed.includes(r));
}
