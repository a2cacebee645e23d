// Create or edit a connector instance: the form is generated from the connector's Metatype (GET
// /api/v1/connectors); the server checks every value and answers 422 with one error per field, shown
// next to the field. Secrets are write-only: the page only ever learns whether each one is set.
import { api, say, text, wireNav } from './api.js';

wireNav();
const params = new URLSearchParams(location.search);
const existing = params.get('id');
const form = document.getElementById('instance-form');
const typeSelect = document.getElementById('type');
const nameInput = document.getElementById('instance');
const settings = document.getElementById('settings');
const secrets = document.getElementById('secrets');
let types = [];
let config = null;

function fieldId(kind, id) {
  return `${kind}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function control(field, value) {
  const id = fieldId('f', field.id);
  let input;
  if (field.options.length > 0) {
    input = document.createElement('select');
    for (const o of field.options) {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.label;
      input.appendChild(option);
    }
    input.value = value[0] ?? '';
  } else if (field.type === 'boolean') {
    input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = value[0] === 'true' || value[0] === true;
  } else if (field.multiple) {
    input = document.createElement('textarea');
    input.rows = Math.max(2, value.length);
    input.value = value.join('\n');
  } else {
    input = document.createElement('input');
    // text, not type=number: the server says what is wrong with a value, in words, next to the field
    input.type = 'text';
    if (field.type !== 'string') {
      input.inputMode = field.type === 'double' ? 'decimal' : 'numeric';
    }
    input.value = value[0] ?? '';
  }
  input.id = id;
  input.name = field.id;
  input.dataset.field = field.id;
  input.dataset.kind = field.type;
  input.dataset.multiple = field.multiple;
  if (field.required && field.type !== 'boolean') {
    input.setAttribute('aria-required', 'true');
  }
  return input;
}

function row(field, input, help) {
  const div = document.createElement('div');
  div.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = input.id;
  label.textContent = field.name + (field.required && field.type !== 'boolean' && field.type !== 'secret' ? ' *' : '');
  const small = document.createElement('small');
  small.id = input.id + '-help';
  small.appendChild(text(help));
  const error = document.createElement('p');
  error.className = 'field-error';
  error.id = input.id + '-error';
  error.hidden = true;
  input.setAttribute('aria-describedby', `${small.id} ${error.id}`);
  if (input.type === 'checkbox') {
    div.append(input, label, small, error);
  } else {
    div.append(label, input, small, error);
  }
  return div;
}

function values(field) {
  const v = config && config.values[field.id] !== undefined ? config.values[field.id] : field.defaults;
  if (v === null || v === undefined) {
    return [];
  }
  return (Array.isArray(v) ? v : [v]).map(String);
}

function render() {
  const type = types.find((t) => t.factoryPid === typeSelect.value);
  settings.querySelectorAll('.field').forEach((f) => f.remove());
  secrets.querySelectorAll('.field').forEach((f) => f.remove());
  if (!type) {
    return;
  }
  document.getElementById('type-help').replaceChildren(text(`${type.description || ''} (${type.bundle} ${type.version})`));
  for (const field of type.fields) {
    const help = field.description || '';
    settings.appendChild(row(field, control(field, values(field)), field.multiple ? `${help} One per line.` : help));
  }
  for (const field of type.secrets) {
    const input = document.createElement('input');
    input.type = 'password';
    input.autocomplete = 'new-password';
    input.id = fieldId('s', field.id);
    input.name = field.id;
    input.dataset.secret = field.id;
    const set = Boolean(config && config.secrets && config.secrets[field.id]);
    input.placeholder = set ? 'set — type to replace' : 'not set';
    const div = row(field, input, `${set ? 'Set.' : 'Not set.'} ${field.description || ''}`);
    div.dataset.set = String(set);
    secrets.appendChild(div);
  }
  secrets.hidden = type.secrets.length === 0;
}

function clearErrors() {
  form.querySelectorAll('.field-error').forEach((e) => { e.hidden = true; e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
}

function showErrors(errors) {
  let first = null;
  for (const e of errors) {
    const input = form.querySelector(`[data-field="${CSS.escape(e.field)}"], [data-secret="${CSS.escape(e.field)}"]`)
      || (e.field === 'instance' ? nameInput : null);
    if (!input) {
      continue;
    }
    const error = document.getElementById(input.id + '-error') || document.getElementById('instance-error');
    error.textContent = e.message;
    error.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    first = first || input;
  }
  if (first) {
    first.focus();
  }
}

function collect() {
  const body = { values: {}, secrets: {} };
  if (!existing) {
    body.factoryPid = typeSelect.value;
  }
  for (const input of settings.querySelectorAll('[data-field]')) {
    if (input.type === 'checkbox') {
      body.values[input.dataset.field] = input.checked ? 'true' : 'false';
    } else if (input.dataset.multiple === 'true') {
      body.values[input.dataset.field] = input.value.split('\n').map((s) => s.trim()).filter((s) => s !== '');
    } else {
      body.values[input.dataset.field] = input.value;
    }
  }
  for (const input of secrets.querySelectorAll('[data-secret]')) {
    if (input.value !== '') {
      body.secrets[input.dataset.secret] = input.value;
    }
  }
  return body;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const name = existing || nameInput.value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    showErrors([{ field: 'instance', message: 'Give the instance a name: letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit.' }]);
    return;
  }
  const save = document.getElementById('save');
  save.disabled = true;
  try {
    await api('PUT', `instances/${encodeURIComponent(name)}/config`, collect());
    // the password fields are cleared: what was typed is in the vault now
    secrets.querySelectorAll('input').forEach((i) => { i.value = ''; });
    location.assign(`/console/index.html?saved=${encodeURIComponent(name)}`);
  } catch (e) {
    if (e.status === 422 && e.problem && Array.isArray(e.problem.errors)) {
      showErrors(e.problem.errors);
      say('Some values are not valid: see the fields marked below.', true);
    } else {
      say(e.message, true);
    }
  } finally {
    save.disabled = false;
  }
});

document.getElementById('delete').addEventListener('click', async () => {
  if (!confirm(`Delete ${existing}? Its documents and secrets are deleted with it.`)) {
    return;
  }
  try {
    await api('DELETE', `instances/${encodeURIComponent(existing)}`);
    location.assign('/console/index.html');
  } catch (e) {
    say(e.message, true);
  }
});

document.getElementById('connect').addEventListener('click', async () => {
  try {
    const a = await api('POST', `instances/${encodeURIComponent(existing)}/authorize`);
    // the provider sends the browser back to /oauth/callback, which stores the tokens
    location.assign(a.authorizationUrl);
  } catch (e) {
    say(e.message, true);
  }
});

async function start() {
  try {
    types = (await api('GET', 'connectors')).types;
    for (const t of types) {
      const option = document.createElement('option');
      option.value = t.factoryPid;
      option.textContent = t.name;
      typeSelect.appendChild(option);
    }
    if (existing) {
      config = await api('GET', `instances/${encodeURIComponent(existing)}/config`);
      document.getElementById('title').textContent = `Instance ${existing}`;
      document.title = `${existing} · Tributary`;
      typeSelect.value = config.factoryPid;
      typeSelect.disabled = true;
      nameInput.value = existing;
      nameInput.readOnly = true;
      document.getElementById('delete').hidden = Boolean(config.file);
      document.getElementById('connect').hidden = config.auth !== 'OAUTH2';
      if (config.auth === 'OAUTH2') {
        document.getElementById('connect').textContent = config.connected ? 'Connect again…' : 'Connect…';
      }
    } else if (types.length === 0) {
      say('No connector is deployed: upload one on the Connectors page first.', true);
    } else if (params.get('type')) {
      typeSelect.value = params.get('type');
    }
    render();
    if (config && config.file) {
      const note = document.getElementById('from-file');
      note.textContent = `This instance is defined by ${config.file}: change that file to change it.`;
      note.hidden = false;
      form.querySelectorAll('input, select, textarea').forEach((i) => { i.disabled = true; });
      document.getElementById('save').hidden = true;
    }
  } catch (e) {
    say(e.message, true);
  }
}

typeSelect.addEventListener('change', render);
start();
