// Error boxes, loading placeholders, empty states and toasts, shared by every page.
import { h } from './dom';
import { describeError, isTransient } from './errors';
import { t } from './i18n';

// An error and, when trying again may help (isTransient), a Retry button running `retry`.
export function errorBox(e: unknown, retry?: () => void): HTMLElement {
  const v = describeError(e, t);
  const canRetry = retry !== undefined && isTransient(e);
  return h('div', { class: 'error-box', role: 'alert' },
    h('strong', { class: 'error-title' }, v.title),
    v.detail ? h('div', { class: 'error-detail' }, v.detail) : null,
    v.field ? h('div', { class: 'error-meta' }, v.field) : null,
    v.requestId ? h('div', { class: 'error-meta mono' }, v.requestId) : null,
    canRetry ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'retry', onclick: retry }, t('common.retry')) : null,
  );
}

export function loading(text = t('common.loading')): HTMLElement {
  return h('div', { class: 'loading', role: 'status', 'aria-busy': 'true' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

export function empty(text: string): HTMLElement {
  return h('div', { class: 'empty' }, text);
}

export function toast(text: string, kind: 'ok' | 'error' = 'ok'): void {
  let host = document.getElementById('toasts');
  if (!host) {
    host = h('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite' });
    document.body.appendChild(host);
  }
  const el = h('div', { class: `toast toast-${kind}`, role: 'status' }, text);
  host.appendChild(el);
  window.setTimeout(() => el.remove(), 4000);
}

// Runs `load` with a loading placeholder in `slot`; replaces it with the result or an error
// box that offers to try again when that may help.
export async function fill(slot: HTMLElement, load: () => Promise<Node>): Promise<void> {
  slot.replaceChildren(loading());
  try {
    slot.replaceChildren(await load());
  } catch (e) {
    slot.replaceChildren(errorBox(e, () => void fill(slot, load)));
  }
}
