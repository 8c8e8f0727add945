// The Cooperation area's messages: its own catalog, looked up before the shell's.
import { translatorFor, type ShellKey } from '../../shell/i18n';
import { en } from './messages.en';
import { es } from './messages.es';

export const MESSAGES = { es, en };
export type MessageKey = keyof typeof es | ShellKey;
export const t = translatorFor(MESSAGES);
