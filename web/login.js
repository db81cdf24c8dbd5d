// The login form. POST /api/v1/session answers {csrf, user}; failures say
// why (wrong password, throttled) without saying which part was wrong.
import { t, applyStatic } from './i18n.js';
import { post, ApiError } from './api.js';

export function renderLogin(main, { reason, onDone }) {
  main.innerHTML = `
    <form class="card login" id="login-form" autocomplete="on">
      <h2 data-i18n="login.title"></h2>
      <p class="muted" id="login-reason"></p>
      <label for="username" data-i18n="login.username"></label>
      <input id="username" name="username" autocomplete="username" required autofocus>
      <label for="password" data-i18n="login.password"></label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <div class="error" id="login-error" role="alert"></div>
      <button class="primary" type="submit" data-i18n="login.submit"></button>
    </form>`;
  applyStatic(main);
  if (reason === 'expired') main.querySelector('#login-reason').textContent = t('login.expired');
  const form = main.querySelector('#login-form');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = form.querySelector('button');
    const errEl = form.querySelector('#login-error');
    btn.disabled = true;
    errEl.textContent = '';
    try {
      const s = await post('/api/v1/session', {
        username: form.username.value.trim(),
        password: form.password.value,
      });
      onDone(s);
    } catch (e) {
      errEl.textContent = e instanceof ApiError && e.status === 429 ? t('login.throttled') : t('login.failed');
    } finally {
      btn.disabled = false;
    }
  });
}
