// The dashboard: every instance with its state, runs and documents, kept live by the server-sent events
// of GET /api/v1/events (a running sync's items, items/s and ETA each second); the host's health.
// Rows are updated in place, so a focused button or link keeps its focus while the numbers change.
import { api, say, text, wireNav } from './api.js';
import { button } from './ui.js';

wireNav();
const rows = document.getElementById('instances');
const shown = new Map();
let events;
let timer;

function lastRun(run) {
  if (!run) {
    return '–';
  }
  const counts = `+${run.added} ~${run.updated} −${run.deleted}` + (run.failed > 0 ? ` !${run.failed}` : '');
  return `${run.status} ${new Date(run.started).toLocaleString()} (${counts})`;
}

function seconds(s) {
  if (s < 60) {
    return `${s} s`;
  }
  return s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`;
}

/** "running: 1,234 of 5,000 items, 310 items/s, about 13 s left" */
function progressText(p) {
  const n = (v) => v.toLocaleString();
  let t = `${p.mode} sync: ${n(p.seen)} items`;
  if (p.total >= 0) {
    t = `${p.mode} sync: ${n(p.done)} of ${n(p.total)} items`;
  }
  t += `, ${p.itemsPerSecond.toLocaleString()} items/s`;
  if (p.etaSeconds !== null && p.etaSeconds !== undefined) {
    t += `, about ${seconds(p.etaSeconds)} left`;
  }
  return t;
}

/** A button that asks the host for something; the event stream (or the next poll) shows what follows. */
function control(label, title, action) {
  return button(label, title, async () => {
    await action();
    say(`${label}: asked.`);
    if (!events) {
      await load();
    }
  });
}

function link(href, label, title) {
  const a = document.createElement('a');
  a.href = href;
  a.title = title;
  a.appendChild(text(label));
  return a;
}

/** A new row for an instance: its links and buttons stay for as long as the instance does. */
function makeRow(i) {
  const id = encodeURIComponent(i.instanceId);
  const row = document.createElement('tr');
  row.dataset.instance = i.instanceId;
  const cells = {};
  for (const name of ['instance', 'type', 'state', 'schedule', 'run', 'next', 'documents', 'actions']) {
    cells[name] = document.createElement(name === 'instance' ? 'th' : 'td');
    row.appendChild(cells[name]);
  }
  cells.instance.scope = 'row';
  cells.instance.append(link(`/console/instance.html?id=${id}`, i.instanceId, `Settings of ${i.instanceId}`),
    document.createElement('br'), link(`/console/runs.html?instance=${id}`, 'history', `Run history of ${i.instanceId}`));
  cells.state.append(document.createElement('span'), document.createElement('progress'), document.createElement('small'));
  cells.state.children[1].hidden = true;
  cells.state.children[1].setAttribute('aria-label', `Progress of ${i.instanceId}`);
  cells.actions.append(
    control('Sync', `Sync ${i.instanceId} now`, () => api('POST', `instances/${id}/sync`)),
    control('Full resync', `Read everything of ${i.instanceId} again`, () => api('POST', `instances/${id}/sync?full=true`)),
    control('Cancel', `Stop the running sync of ${i.instanceId}`, () => api('POST', `instances/${id}/cancel`)));
  return { row, cells };
}

function update(r, i) {
  const c = r.cells;
  c.type.textContent = i.sourceType;
  const [state, bar, detail] = c.state.children;
  state.textContent = i.state;
  const p = i.progress;
  bar.hidden = !(p && p.total > 0);
  if (p && p.total > 0) {
    bar.max = p.total;
    bar.value = Math.min(p.done, p.total);
  }
  detail.textContent = p ? ` ${progressText(p)}` : (i.message ? ` ${i.message}` : '');
  c.schedule.textContent = i.schedule;
  c.run.textContent = lastRun(i.lastRun);
  c.run.classList.toggle('error', Boolean(i.lastRun && i.lastRun.error));
  if (i.lastRun && i.lastRun.error) {
    c.run.append(document.createElement('br'), text(i.lastRun.error));
  }
  c.next.textContent = i.nextRun ? new Date(i.nextRun).toLocaleString() : '–';
  c.documents.textContent = i.documents.toLocaleString();
}

function render(instances) {
  const ids = new Set(instances.map((i) => i.instanceId));
  for (const [id, r] of shown) {
    if (!ids.has(id)) {
      r.row.remove();
      shown.delete(id);
    }
  }
  for (const i of instances) {
    let r = shown.get(i.instanceId);
    if (!r) {
      r = makeRow(i);
      shown.set(i.instanceId, r);
    }
    update(r, i);
    rows.appendChild(r.row);
  }
  if (instances.length === 0) {
    say('No connector instances yet: deploy a connector, then add an instance.');
  } else if (document.getElementById('status').classList.contains('empty')) {
    say('');
  }
  document.getElementById('status').classList.toggle('empty', instances.length === 0);
}

async function health() {
  try {
    const response = await fetch('/health', { headers: { Accept: 'application/json' } });
    const h = await response.json();
    document.getElementById('health-status').textContent = h.status;
    const list = document.getElementById('health-checks');
    list.replaceChildren();
    for (const c of h.checks || []) {
      if (c.status !== 'UP') {
        const li = document.createElement('li');
        li.appendChild(text(`${c.name}: ${c.status}${c.message ? ' — ' + c.message : ''}`));
        list.appendChild(li);
      }
    }
  } catch (e) {
    document.getElementById('health-status').textContent = 'unknown (the host does not answer)';
  }
}

/** Without the event stream (it failed): poll, quickly while something runs. */
async function load() {
  clearTimeout(timer);
  try {
    const r = await api('GET', 'instances');
    render(r.instances);
    timer = setTimeout(load, r.instances.some((i) => i.state !== 'idle') ? 1000 : 10000);
  } catch (e) {
    say(e.message, true);
    if (e.status !== 403) {
      timer = setTimeout(load, 10000);
    }
  }
}

function listen() {
  events = new EventSource('/api/v1/events');
  events.addEventListener('instances', (e) => render(JSON.parse(e.data).instances));
  events.addEventListener('signed-out', () => location.assign('/console/login.html?next=/console/index.html'));
  events.addEventListener('error', () => {
    // the browser reconnects by itself; if the stream is refused, fall back to polling
    if (events.readyState === EventSource.CLOSED) {
      events = null;
      load();
    }
  });
}

async function start() {
  health();
  setInterval(health, 30000);
  try {
    render((await api('GET', 'instances')).instances);
    listen();
  } catch (e) {
    say(e.message, true);
    if (e.status === 403) {
      // a viewer: nothing here for them but search
      document.querySelector('main table').hidden = true;
      document.getElementById('add-instance').parentElement.hidden = true;
    }
  }
}

start();
