import { api, cell, say, text, wireNav } from './api.js';

wireNav();
const rows = document.getElementById('instances');
let timer;

function lastRun(run) {
  if (!run) {
    return '–';
  }
  const counts = `+${run.added} ~${run.updated} −${run.deleted}` + (run.failed > 0 ? ` !${run.failed}` : '');
  return `${run.status} ${new Date(run.started).toLocaleString()} (${counts})`;
}

function button(label, title, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.title = title;
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await action();
      await load();
    } catch (e) {
      say(e.message, true);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

function render(instances) {
  rows.replaceChildren();
  for (const i of instances) {
    const row = document.createElement('tr');
    const runs = document.createElement('a');
    runs.href = '/console/runs.html?instance=' + encodeURIComponent(i.instanceId);
    runs.title = `Run history of ${i.instanceId}`;
    runs.appendChild(text(i.instanceId));
    cell(row, runs);
    cell(row, i.sourceType);
    const state = cell(row, i.state);
    if (i.message) {
      state.appendChild(document.createElement('br'));
      state.appendChild(text(i.message));
    }
    cell(row, i.schedule);
    const run = cell(row, lastRun(i.lastRun));
    if (i.lastRun && i.lastRun.error) {
      run.appendChild(document.createElement('br'));
      run.appendChild(text(i.lastRun.error));
      run.classList.add('error');
    }
    cell(row, i.nextRun ? new Date(i.nextRun).toLocaleString() : '–');
    cell(row, i.documents);
    const actions = document.createElement('td');
    const id = encodeURIComponent(i.instanceId);
    actions.append(
      button('Sync', `Sync ${i.instanceId} now`, () => api('POST', `instances/${id}/sync`)),
      button('Full resync', `Read everything of ${i.instanceId} again`, () => api('POST', `instances/${id}/sync?full=true`)),
      button('Cancel', `Stop the running sync of ${i.instanceId}`, () => api('POST', `instances/${id}/cancel`)));
    row.appendChild(actions);
    rows.appendChild(row);
  }
  say(instances.length === 0 ? 'No connector instances yet: deploy a connector and configure an instance.' : '');
}

async function load() {
  clearTimeout(timer);
  try {
    const r = await api('GET', 'instances');
    render(r.instances);
    // refresh quickly while something runs, slowly otherwise
    timer = setTimeout(load, r.instances.some((i) => i.state !== 'idle') ? 1000 : 10000);
  } catch (e) {
    say(e.message, true);
    timer = setTimeout(load, 10000);
  }
}

load();
