import { api, say, text, wireNav } from './api.js';

wireNav();
const form = document.getElementById('search');
const results = document.getElementById('results');
const facets = document.getElementById('facets');
const pager = document.getElementById('pager');

function snippet(html) {
  // the API escapes the text and adds only <mark>: rebuild it from text nodes and marks, never as HTML
  const p = document.createElement('p');
  const parts = html.split(/(<mark>.*?<\/mark>)/s);
  const decode = (s) => new DOMParser().parseFromString(`<!doctype html><body>${s}`, 'text/html').body.textContent;
  for (const part of parts) {
    if (part.startsWith('<mark>')) {
      const mark = document.createElement('mark');
      mark.appendChild(text(decode(part.slice(6, -7))));
      p.appendChild(mark);
    } else if (part) {
      p.appendChild(text(decode(part)));
    }
  }
  return p;
}

function hit(h) {
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = h.url;
  a.rel = 'noopener noreferrer';
  a.appendChild(text(h.title));
  const meta = document.createElement('small');
  meta.appendChild(text(`${h.instanceId} · ${h.container || ''} · ${h.updated ? new Date(h.updated).toLocaleString() : ''}`));
  li.append(a, snippet(h.snippet || ''), meta);
  return li;
}

function renderFacets(all) {
  facets.replaceChildren();
  for (const [name, values] of Object.entries(all || {})) {
    if (!values || values.length === 0) {
      continue;
    }
    const section = document.createElement('section');
    const h = document.createElement('h3');
    h.appendChild(text(name));
    const ul = document.createElement('ul');
    for (const v of values) {
      const li = document.createElement('li');
      li.appendChild(text(`${v.value} (${v.count})`));
      ul.appendChild(li);
    }
    section.append(h, ul);
    facets.appendChild(section);
  }
}

async function run(page) {
  const q = form.elements.q.value.trim();
  if (!q) {
    return;
  }
  const params = new URLSearchParams({ q, page: String(page) });
  history.replaceState(null, '', '?' + params);
  say('Searching…');
  try {
    const r = await api('GET', 'search?' + params);
    results.replaceChildren(...r.hits.map(hit));
    renderFacets(r.facets);
    pager.replaceChildren();
    if (page > 0) {
      const prev = document.createElement('button');
      prev.type = 'button';
      prev.textContent = 'Previous page';
      prev.addEventListener('click', () => run(page - 1));
      pager.appendChild(prev);
    }
    if ((page + 1) * r.hits.length < r.total && r.hits.length > 0) {
      const next = document.createElement('button');
      next.type = 'button';
      next.textContent = 'Next page';
      next.addEventListener('click', () => run(page + 1));
      pager.appendChild(next);
    }
    say(`${r.total} hit(s)`);
  } catch (e) {
    say(e.message, true);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  run(0);
});

const initial = new URLSearchParams(location.search);
if (initial.get('q')) {
  form.elements.q.value = initial.get('q');
  run(Number(initial.get('page') || 0));
}
