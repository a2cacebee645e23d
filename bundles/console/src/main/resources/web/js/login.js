import { api, rememberCsrf, say } from './api.js';

const next = new URLSearchParams(location.search).get('next');
const target = next && next.startsWith('/console/') ? next : '/console/index.html';
const login = document.getElementById('login');
const change = document.getElementById('change');

login.addEventListener('submit', async (event) => {
  event.preventDefault();
  say('Signing in…');
  try {
    const session = await api('POST', 'session', { name: login.elements.name.value, password: login.elements.password.value });
    rememberCsrf(session.csrfToken);
    login.elements.password.value = '';
    if (session.mustChangePassword) {
      login.hidden = true;
      change.hidden = false;
      say('Choose a new password before you go on.');
      change.elements.newPassword.focus();
    } else {
      location.assign(target);
    }
  } catch (e) {
    say(e.message, true);
  }
});

change.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (change.elements.newPassword.value !== change.elements.repeat.value) {
    say('The two new passwords differ.', true);
    return;
  }
  try {
    const session = await api('POST', 'session/password', {
      currentPassword: change.elements.currentPassword.value, newPassword: change.elements.newPassword.value,
    });
    rememberCsrf(session.csrfToken);
    location.assign(target);
  } catch (e) {
    say(e.message, true);
  }
});
