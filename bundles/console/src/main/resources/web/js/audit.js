// The audit log (admins only), newest first, a page at a time, filtered by exact actor and/or target; the
// filter lives in the address, so a filtered view can be bookmarked or shared.
import { api, cell, say, text, wireNav } from './api.js';
import { Pager, problem, query, remember, rowHeader, when } from './ui.js';

wireNav();
const SIZE = 50;
const form = document.getElementById('filter');
const rows = document.getElementById('entries');
const content = document.getElementById('content');
const pager = new Pager(document.getElementById('pager'), load);

/** A link to the log filtered by one actor or target, as the cell's content. */
function filterLink(name, value) {
  if (!value) {
    return text('');
  }
  const a = document.createElement('a');
  a.href = '?' + new URLSearchParams({ [name]: value });
  a.title = `Only the lines whose ${name} is ${value}`;
  a.appendChild(text(value));
  a.addEventListener('click', (event) => {
    event.preventDefault();
    form.elements[name].value = value;
    load(0);
  });
  return a;
}

function render(entries) {
  rows.replaceChildren();
  for (const e of entries) {
    const row = document.createElement('tr');
    rowHeader(row, when(e.at));
    cell(row, filterLink('actor', e.actor));
    cell(row, e.action);
    cell(row, filterLink('target', e.target));
    cell(row, e.detail);
    rows.appendChild(row);
  }
}

async function load(page) {
  const actor = form.elements.actor.value.trim();
  const target = form.elements.target.value.trim();
  try {
    const r = await api('GET', 'audit?' + new URLSearchParams({ page: String(page), size: String(SIZE), actor, target }));
    remember({ actor, target, page });
    render(r.entries);
    pager.show(r);
    const filtered = [actor && `actor ${actor}`, target && `target ${target}`].filter(Boolean).join(' and ');
    say(`${r.total} line(s)` + (filtered ? ` with ${filtered}.` : '.'));
  } catch (e) {
    problem(e, content);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  load(0);
});
document.getElementById('clear').addEventListener('click', () => {
  form.reset();
  load(0);
});
form.elements.actor.value = query.get('actor') || '';
form.elements.target.value = query.get('target') || '';
load(Math.max(0, Number.parseInt(query.get('page'), 10) || 0));
