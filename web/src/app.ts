// The app: the features, in sidebar order within each section, and the page after sign-in.
// This is the only file that imports features; a new area is a folder under features/ and a
// line here (docs/web.md, "Adding a feature").
import { admin } from './features/admin';
import { alerts } from './features/alerts';
import { canal } from './features/canal';
import { cooperation } from './features/cooperation';
import { maritime } from './features/maritime';
import { migration } from './features/migration';
import type { AppSpec } from './shell/shell';

export const APP: AppSpec = {
  home: '/migration',
  features: [migration, maritime, canal, cooperation, alerts, admin],
};
