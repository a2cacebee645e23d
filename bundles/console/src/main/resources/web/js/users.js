// Users (admins only): listed, added with a temporary password, their role and source principals changed, a new
// temporary password set, deleted; API tokens listed, created (the secret shown this once) and revoked.
import { api, cell, say, text, wireNav } from './api.js';
import { button, problem, rowHeader, when } from './ui.js';

wireNav();
const ROLES = [
  ['viewer', 'viewer: search only'],
  ['operator', 'operator: also instances, runs, sync and webhooks'],
  ['admin', 'admin: everything, users and tokens too'],
];
const content = document.getElementById('content');
const userRows = document.getElementById('users');
const tokenRows = document.getElementById('tokens');
const createUser = document.getElementById('create-user');
const createToken = document.getElementById('create-token');
const tokenUser = createToken.elements.user;
const secretBox = document.getElementById('new-token');
const secret = document.getElementById('token-secret');

for (const select of document.querySelectorAll('select.roles')) {
  select.replaceChildren(...ROLES.map(([id, label]) => new Option(label, id)));
}

/** The lines of a textarea that say something: a user's principals. */
function lines(textarea) {
  return textarea.value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/** A temporary password to pass on: 4 groups of 4 from letters and digits that cannot be mistaken for others. */
function suggestion() {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const n = crypto.getRandomValues(new Uint32Array(16));
  const chars = [...n].map((v) => alphabet[v % alphabet.length]).join('');
  return chars.match(/.{4}/g).join('-');
}

for (const b of document.querySelectorAll('button.suggest')) {
  b.addEventListener('click', () => {
    const input = document.getElementById(b.dataset.for);
    input.value = suggestion();
    input.focus();
    input.select();
  });
}

// the edit and reset dialogs: modal, Escape or Cancel closes them, their own status line for what went wrong

/** @param action the row's button that opens it, focused again afterwards */
function dialog(id, action, onSubmit) {
  const d = document.getElementById(id);
  const form = d.querySelector('form');
  const status = d.querySelector('.dialog-status');
  d.querySelector('button.close').addEventListener('click', () => d.close());
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    status.textContent = '';
    try {
      await onSubmit(d.user, form);
      d.close();
      focusAction(d.user, action);
    } catch (e) {
      status.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  return {
    /** fill sets the form's fields; showModal then focuses the one marked autofocus */
    open(user, heading, fill) {
      d.user = user;
      status.textContent = '';
      d.querySelector('h2').textContent = heading;
      fill(form);
      d.showModal();
    },
  };
}

const edit = dialog('edit-dialog', 'edit', async (name, form) => {
  const u = await api('PATCH', `users/${encodeURIComponent(name)}`, { role: form.elements.role.value, principals: lines(form.elements.principals) });
  await load();
  say(`${u.user} saved: ${u.role}, ${u.principals.length ? u.principals.join(', ') : 'no principals (sees only what everyone may see)'}.`);
});

const reset = dialog('reset-dialog', 'reset', async (name, form) => {
  await api('POST', `users/${encodeURIComponent(name)}/password`, { password: form.elements.password.value });
  form.elements.password.value = '';
  await load();
  say(`${name} has a temporary password now and must choose their own at the next sign-in; their sessions ended.`);
});

/** After a reload, keyboard focus back on the button that opened the dialog. */
function focusAction(user, action) {
  const b = [...userRows.querySelectorAll('button')].find((x) => x.dataset.user === user && x.dataset.action === action);
  if (b) {
    b.focus();
  }
}

function actionButton(u, action, label, title, onClick) {
  const b = button(label, title, onClick);
  b.dataset.user = u.user;
  b.dataset.action = action;
  return b;
}

function renderUsers(users) {
  userRows.replaceChildren();
  for (const u of users) {
    const row = document.createElement('tr');
    rowHeader(row, u.user);
    cell(row, u.role);
    if (u.principals.length) {
      const list = document.createElement('ul');
      list.className = 'plain';
      for (const p of u.principals) {
        const li = document.createElement('li');
        li.appendChild(text(p));
        list.appendChild(li);
      }
      cell(row, list);
    } else {
      cell(row, '– (only what everyone may see)');
    }
    cell(row, u.mustChangePassword ? 'yes' : 'no');
    cell(row, when(u.lastLogin));
    const actions = document.createElement('td');
    actions.append(
      actionButton(u, 'edit', 'Edit', `Change the role and principals of ${u.user}`, () => edit.open(u.user, `Edit ${u.user}`, (form) => {
        form.elements.role.value = u.role;
        form.elements.principals.value = u.principals.join('\n');
      })),
      actionButton(u, 'reset', 'Reset password', `Give ${u.user} a new temporary password`,
        () => reset.open(u.user, `New temporary password for ${u.user}`, (form) => {
          form.elements.password.value = '';
        })),
      actionButton(u, 'delete', 'Delete', `Delete ${u.user}`, async () => {
        if (!confirm(`Delete ${u.user}? Their API tokens are deleted too and their sessions end.`)) {
          return;
        }
        await api('DELETE', `users/${encodeURIComponent(u.user)}`);
        await load();
        say(`${u.user} deleted, with their API tokens.`);
      }));
    row.appendChild(actions);
    userRows.appendChild(row);
  }
  const chosen = tokenUser.value;
  tokenUser.replaceChildren(...users.map((u) => new Option(`${u.user} (${u.role})`, u.user)));
  if (users.some((u) => u.user === chosen)) {
    tokenUser.value = chosen;
  }
}

function renderTokens(tokens) {
  tokenRows.replaceChildren();
  for (const t of tokens) {
    const row = document.createElement('tr');
    rowHeader(row, t.name);
    cell(row, t.user);
    cell(row, t.role);
    cell(row, when(t.created));
    cell(row, when(t.lastUsed));
    const actions = document.createElement('td');
    actions.appendChild(button('Revoke', `Revoke the token ${t.name} of ${t.user}`, async () => {
      if (!confirm(`Revoke the token ${t.name} of ${t.user}? Whatever uses it is refused from now on.`)) {
        return;
      }
      await api('DELETE', `tokens/${encodeURIComponent(t.id)}`);
      await load();
      say(`The token ${t.name} of ${t.user} is revoked.`);
    }));
    row.appendChild(actions);
    tokenRows.appendChild(row);
  }
  if (tokens.length === 0) {
    const row = document.createElement('tr');
    cell(row, 'No API tokens.').colSpan = 6;
    tokenRows.appendChild(row);
  }
}

async function load() {
  const [u, t] = await Promise.allSettled([api('GET', 'users'), api('GET', 'tokens')]);
  for (const answer of [u, t]) {
    if (answer.status === 'rejected') {
      throw answer.reason; // the users' refusal first: it names the page's own route
    }
  }
  renderUsers(u.value.users);
  renderTokens(t.value.tokens);
}

createUser.addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = createUser.elements;
  try {
    const u = await api('POST', 'users', {
      name: f.name.value.trim(), role: f.role.value, principals: lines(f.principals), password: f.password.value,
    });
    createUser.reset();
    await load();
    say(`${u.user} added as ${u.role}: they sign in with the temporary password and then choose their own.`);
  } catch (e) {
    say(e.message, true);
  }
});

createToken.addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = createToken.elements;
  try {
    const t = await api('POST', 'tokens', { name: f.name.value.trim(), user: f.user.value, role: f.role.value });
    f.name.value = '';
    document.getElementById('token-secret-label').textContent = `Token ${t.name} for ${t.user} (${t.role})`;
    secret.value = t.token;
    secretBox.hidden = false;
    secret.focus();
    secret.select();
    await load();
    say(`Token ${t.name} created: copy it now, it will not be shown again.`);
  } catch (e) {
    say(e.message, true);
  }
});

document.getElementById('copy-token').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(secret.value);
    say('The token is on the clipboard.');
  } catch (e) {
    secret.focus();
    secret.select();
    say('This browser did not let the page copy: the token is selected, copy it with the keyboard.', true);
  }
});

document.getElementById('dismiss-token').addEventListener('click', () => {
  secret.value = '';
  secretBox.hidden = true;
  say('');
  createToken.elements.name.focus();
});

load().catch((e) => problem(e, content));
