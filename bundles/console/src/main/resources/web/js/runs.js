// The run history of one instance (runs.html?instance=<id>), newest first, a page at a time. While a run of the
// page shown is still going, the page asks again every two seconds.
import { api, cell, say, wireNav } from './api.js';
import { duration, Pager, problem, query, remember, rowHeader, when } from './ui.js';

wireNav();
const SIZE = 20;
const instance = query.get('instance') || '';
const rows = document.getElementById('runs');
const content = document.getElementById('content');
const pager = new Pager(document.getElementById('pager'), load);
let timer;

function render(runs) {
  rows.replaceChildren();
  for (const r of runs) {
    const row = document.createElement('tr');
    rowHeader(row, when(r.started));
    cell(row, r.mode);
    cell(row, r.status).classList.toggle('error', r.status === 'failed');
    const took = r.ended ? duration(Date.parse(r.ended) - Date.parse(r.started))
      : r.status === 'running' ? `running for ${duration(Date.now() - Date.parse(r.started))}` : '–';
    cell(row, took);
    for (const count of [r.seen, r.added, r.updated, r.unchanged, r.deleted, r.failed]) {
      cell(row, count).classList.add('num');
    }
    const error = cell(row, r.error || '');
    error.classList.toggle('error', Boolean(r.error));
    rows.appendChild(row);
  }
}

async function load(page) {
  clearTimeout(timer);
  try {
    const r = await api('GET', `instances/${encodeURIComponent(instance)}/runs?page=${page}&size=${SIZE}`);
    remember({ instance, page });
    render(r.runs);
    pager.show(r);
    const message = r.total === 0 ? `${instance} has no runs yet: press Sync on the dashboard to start one.`
      : `${r.total} run(s) of ${instance}.`;
    if (document.getElementById('status').textContent !== message) {
      say(message); // not again every refresh: a screen reader would read it out each time
    }
    if (r.runs.some((run) => run.status === 'running')) {
      timer = setTimeout(() => load(page), 2000);
    }
  } catch (e) {
    problem(e, content);
  }
}

if (instance) {
  document.title = `Runs of ${instance} · Tributary`;
  document.getElementById('title').textContent = `Run history of ${instance}`;
  document.getElementById('caption').textContent = `Runs of ${instance}, newest first`;
  load(Math.max(0, Number.parseInt(query.get('page'), 10) || 0));
} else {
  content.hidden = true;
  say('Which instance? Open its run history from the instance name on the dashboard.', true);
}
