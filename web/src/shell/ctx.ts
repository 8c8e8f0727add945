// What a page gets from the shell: the API client, the signed-in session, the element to render
// into, navigation, cleanup on leaving and a role check. Views are plain functions of a Ctx.
import type { Role } from '../lib/types';
import type { Api } from './api';
import type { Session } from './session';

export interface Ctx {
  api: Api;
  session: Session;
  main: HTMLElement;
  navigate(path: string): void;
  onCleanup(fn: () => void): void;   // runs when the user leaves the page
  hasRole(...roles: Role[]): boolean;
}

// A page: renders into ctx.main (synchronously or not; the shell does not wait).
export type View = (ctx: Ctx) => void | Promise<void>;

// A page whose address carries values (an id): the pattern's captured groups, URI-decoded.
export type ParamView = (ctx: Ctx, params: string[]) => void | Promise<void>;
