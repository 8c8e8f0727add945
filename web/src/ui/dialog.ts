// A modal dialog with a form (title, fields, messages, cancel and save) and the busy state of
// its save button while the request runs. Shared by the Migration and watchlist pages.
import { h } from '../shell/dom';
import { errorBox } from '../shell/feedback';
import { t } from '../shell/i18n';

export interface DialogShell {
  dialog: HTMLDialogElement;
  form: HTMLFormElement;
  messages: HTMLElement;
  save: HTMLButtonElement;
  open(...fields: (Node | string | null)[]): void;   // adds the fields (null: none) above the buttons and shows it
}

export function dialogShell(title: string, testid: string): DialogShell {
  const messages = h('div', { 'aria-live': 'assertive' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': `${testid}-save` }, t('common.save'));
  const dialog = h('dialog', { class: 'dialog', 'data-testid': testid });
  const form = h('form', { class: 'form-grid', method: 'dialog' }, h('h2', null, title));
  dialog.appendChild(form);
  dialog.addEventListener('close', () => dialog.remove());
  const actions = h('div', { class: 'dialog-actions' },
    h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, t('common.cancel')), save);
  return {
    dialog, form, messages, save,
    open(...fields) {
      form.append(...fields.filter((f): f is Node | string => f !== null), messages, actions);
      document.body.appendChild(dialog);
      dialog.showModal();
    },
  };
}

// Runs `work` with `save` disabled and `form` (a form, or any element the action belongs to)
// marked busy; a failure goes to `messages`.
export async function submitting(save: HTMLButtonElement, form: HTMLElement, messages: HTMLElement, work: () => Promise<void>): Promise<void> {
  save.disabled = true;
  save.setAttribute('aria-busy', 'true');
  form.setAttribute('aria-busy', 'true');
  messages.replaceChildren();
  try {
    await work();
  } catch (e) {
    messages.replaceChildren(errorBox(e));
  } finally {
    save.disabled = false;
    save.removeAttribute('aria-busy');
    form.removeAttribute('aria-busy');
  }
}
