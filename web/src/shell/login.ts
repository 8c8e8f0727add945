// Sign-in with the API's tokens (POST /api/v1/auth/login).
import type { Api } from './api';
import { h } from './dom';
import { errorBox } from './feedback';
import { t, type MessageKey } from './i18n';
import { saveSession, type Session } from './session';

export interface LoginProps {
  api: Api;
  notice: MessageKey | null;
  languageSwitch: HTMLElement;
  onLoggedIn(s: Session): void;
}

export function loginView(p: LoginProps): HTMLElement {
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autofocus: true, spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-testid': 'login-submit' }, t('login.submit'));
  const messages = h('div', { class: 'login-messages', 'aria-live': 'assertive' },
    p.notice ? h('div', { class: 'notice' }, t(p.notice)) : null);

  const form = h('form', { class: 'login-form', novalidate: true },
    h('label', { for: 'username' }, t('login.username')), username,
    h('label', { for: 'password' }, t('login.password')), password,
    messages, submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const u = username.value.trim();
    if (!u || !password.value) {
      messages.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, t('login.required')));
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    form.setAttribute('aria-busy', 'true');
    messages.replaceChildren();
    try {
      const r = await p.api.login(u, password.value);
      p.onLoggedIn(saveSession(r));
    } catch (e) {
      messages.replaceChildren(errorBox(e));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
      form.removeAttribute('aria-busy');
    }
  });

  return h('div', { class: 'login-screen' },
    h('div', { class: 'login-card' },
      h('div', { class: 'login-head' },
        h('div', { class: 'brand' },
          h('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
          h('span', { class: 'brand-name' }, t('app.name'))),
        p.languageSwitch),
      h('p', { class: 'login-tagline' }, t('app.tagline')),
      h('h1', null, t('login.title')),
      h('p', { class: 'muted' }, t('login.subtitle')),
      form,
      h('p', { class: 'login-foot muted' }, t('login.notice'))));
}
