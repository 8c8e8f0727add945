// Labelled form fields with an error line under each, and the placing of an API error next to
// the field its JSON pointer names (else in the form's general message area).
import { h } from '../shell/dom';
import { ApiError, describeError, fieldOfPointer } from '../shell/errors';
import { errorBox } from '../shell/feedback';
import { t } from '../shell/i18n';

export interface FormFields {
  // A wrapper with the label, the input, an optional hint and the (hidden) error line. `target`
  // is the element marked invalid and focused when it is not the input itself.
  field(name: string, label: string, input: HTMLElement, hint?: string | null, target?: HTMLElement): HTMLElement;
  setError(name: string, message: string): boolean;
  clear(): void;
  focus(name: string): void;
  // An error from the API: next to its field when the page has it, else in `general`.
  showApiError(e: unknown, general: HTMLElement): void;
}

export function formFields(idPrefix: string): FormFields {
  const wrappers = new Map<string, { wrap: HTMLElement; error: HTMLElement; target: HTMLElement }>();
  const setError = (name: string, message: string): boolean => {
    const w = wrappers.get(name);
    if (!w) return false;
    w.error.textContent = message;
    w.error.hidden = message === '';
    w.wrap.classList.toggle('invalid', message !== '');
    if (message) w.target.setAttribute('aria-invalid', 'true');
    else w.target.removeAttribute('aria-invalid');
    return true;
  };
  return {
    field(name, label, input, hint, target) {
      const errId = `${idPrefix}-${name}-error`;
      const error = h('div', { class: 'field-error', id: errId, 'data-testid': `error-${name}`, hidden: true });
      const focusable = target ?? input;
      focusable.setAttribute('aria-describedby', errId);
      const wrap = h('div', { class: 'field', 'data-field': name },
        h('label', { for: focusable.id || null }, label), input,
        hint ? h('div', { class: 'muted small hint' }, hint) : null, error);
      wrappers.set(name, { wrap, error, target: focusable });
      return wrap;
    },
    setError,
    clear() {
      for (const k of wrappers.keys()) setError(k, '');
    },
    focus(name) {
      wrappers.get(name)?.target.focus();
    },
    showApiError(e, general) {
      const name = e instanceof ApiError ? fieldOfPointer(e.field) : '';
      const v = describeError(e, t);
      // The server names the field and its reason; the page puts the reason's translation next
      // to that field under a title in the user's language.
      const title = name === 'photo' && e instanceof ApiError && e.code === 'invalid_argument' ? t('photo.rejected') : v.title;
      if (name && setError(name, v.detail ? `${title}: ${v.detail}` : title)) {
        general.replaceChildren();
        wrappers.get(name)?.target.focus();
      } else {
        general.replaceChildren(errorBox(e));
      }
    },
  };
}

// Marks a form and its submit button busy while a request runs, the button saying `busyLabel`;
// the returned function makes both idle again, the button saying `idleLabel`.
export function markBusy(form: HTMLElement, submit: HTMLButtonElement, busyLabel: string, idleLabel: string): () => void {
  submit.disabled = true;
  submit.setAttribute('aria-busy', 'true');
  submit.textContent = busyLabel;
  form.setAttribute('aria-busy', 'true');
  return () => {
    submit.disabled = false;
    submit.removeAttribute('aria-busy');
    submit.textContent = idleLabel;
    form.removeAttribute('aria-busy');
  };
}
