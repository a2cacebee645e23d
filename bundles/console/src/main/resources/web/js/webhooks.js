// The webhook inbox: how many deliveries wait per instance, the next one of each, and the dead letters with a
// Replay button each (the delivery goes back to pending, due at once, its attempts reset).
import { api, cell, say, wireNav } from './api.js';
import { button, Pager, problem, query, remember, rowHeader, when } from './ui.js';

wireNav();
const content = document.getElementById('content');
const filter = document.getElementById('dead-filter');
const select = filter.elements.instance;
/** The instance whose dead letters are shown, or '' for all. */
let instance = query.get('instance') || '';
const pager = new Pager(document.getElementById('pager'), (page) => load(undefined, page));

function renderBacklog(backlog) {
  const rows = document.getElementById('backlog');
  rows.replaceChildren();
  for (const b of backlog) {
    const row = document.createElement('tr');
    rowHeader(row, b.instanceId);
    cell(row, b.pending).classList.add('num');
    const dead = cell(row, b.dead);
    dead.classList.add('num');
    dead.classList.toggle('error', b.dead > 0);
    rows.appendChild(row);
  }
  if (backlog.length === 0) {
    empty(rows, 3, 'Nothing waits: every delivery has been processed.');
  }
  // the filter offers the instances that have deliveries, and keeps the one chosen even when it has none left
  const names = new Set(backlog.map((b) => b.instanceId));
  if (instance) {
    names.add(instance);
  }
  const options = [...names].sort().map((name) => new Option(name, name));
  select.replaceChildren(new Option('All instances', ''), ...options);
  select.value = instance;
}

function renderPending(pending) {
  const rows = document.getElementById('pending');
  rows.replaceChildren();
  for (const d of pending) {
    const row = document.createElement('tr');
    rowHeader(row, d.instance);
    cell(row, d.deliveryId);
    cell(row, d.event);
    cell(row, when(d.received));
    cell(row, d.attempts).classList.add('num');
    cell(row, when(d.nextAttempt));
    cell(row, d.lastError || '').classList.toggle('error', Boolean(d.lastError));
    rows.appendChild(row);
  }
  if (pending.length === 0) {
    empty(rows, 7, 'No delivery is pending.');
  }
}

function renderDead(dead) {
  const rows = document.getElementById('dead');
  rows.replaceChildren();
  for (const d of dead) {
    const row = document.createElement('tr');
    rowHeader(row, d.deliveryId);
    cell(row, d.instance);
    cell(row, d.event);
    cell(row, when(d.received));
    cell(row, d.attempts).classList.add('num');
    cell(row, d.lastError || '').classList.add('error');
    const actions = document.createElement('td');
    actions.appendChild(button('Replay', `Process delivery ${d.deliveryId} of ${d.instance} again`, () => replay(d)));
    row.appendChild(actions);
    rows.appendChild(row);
  }
  if (dead.length === 0) {
    empty(rows, 7, instance ? `${instance} has no dead letters.` : 'No dead letters.');
  }
}

function empty(rows, columns, message) {
  const row = document.createElement('tr');
  cell(row, message).colSpan = columns;
  rows.appendChild(row);
}

async function replay(d) {
  if (!confirm(`Replay delivery ${d.deliveryId} (${d.event}) of ${d.instance}? It goes back to the inbox and is processed again.`)) {
    return;
  }
  const r = await api('POST', `webhooks/${encodeURIComponent(d.id)}/replay`);
  await load(`Delivery ${d.deliveryId} of ${r.instance} is ${r.status} again: it will be processed shortly.`);
}

/** @param done what to say once loaded (the outcome of an action), if anything */
async function load(done, page = 0) {
  try {
    const inbox = await api('GET', 'webhooks');
    renderBacklog(inbox.backlog);
    renderPending(inbox.pending);
    remember({ instance });
    const r = await api('GET', `webhooks/dead?page=${page}&size=50` + (instance ? '&instance=' + encodeURIComponent(instance) : ''));
    renderDead(r.deadLetters);
    pager.show(r);
    say(done || '');
  } catch (e) {
    problem(e, content);
  }
}

filter.addEventListener('submit', (event) => {
  event.preventDefault();
  instance = select.value;
  load();
});
document.getElementById('refresh').addEventListener('click', () => load());
load();
