// What the run, webhook, audit and user pages share: instants and durations as people read them, buttons that
// act and report, paging, and a page the caller may not use. Text from the API goes in as text nodes only.
import { say, text } from './api.js';

/** A <time> for an instant from the API, in the browser's locale; '–' when there is none. */
export function when(iso) {
  if (!iso) {
    return text('–');
  }
  const t = document.createElement('time');
  t.dateTime = iso;
  t.appendChild(text(new Date(iso).toLocaleString()));
  return t;
}

/** A duration in milliseconds as "40 ms", "12 s", "3 min 4 s" or "2 h 5 min". */
export function duration(ms) {
  if (ms < 1000) {
    return `${Math.max(0, Math.round(ms))} ms`;
  }
  const s = Math.round(ms / 1000);
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A real button; disabled while action runs, whose error goes to the status line. */
export function button(label, title, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (title) {
    b.title = title;
  }
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await action();
    } catch (e) {
      say(e.message, true);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}

/** A cell that is the header of its row (tables name their rows for screen readers). */
export function rowHeader(row, value) {
  const th = document.createElement('th');
  th.scope = 'row';
  th.appendChild(value instanceof Node ? value : text(value));
  row.appendChild(th);
  return th;
}

/**
 * Previous / "Page X of Y" / Next under a paged table. The buttons stay the same elements from page to page and
 * are not disabled while a page loads, so keyboard focus stays on them (or moves to the other one when the
 * focused one turns off at the first or last page).
 */
export class Pager {
  /** @param go async, called with the page (from 0) to show */
  constructor(container, go) {
    this.page = 0;
    const step = (by) => async () => {
      if (!this.busy) {
        this.busy = true;
        try {
          await go(this.page + by);
        } finally {
          this.busy = false;
        }
      }
    };
    this.previous = pagerButton('Previous page', step(-1));
    this.where = document.createElement('span');
    this.next = pagerButton('Next page', step(1));
    container.classList.add('pager');
    container.replaceChildren(this.previous, this.where, this.next);
  }

  /** @param answer the API's {page, size, total} */
  show(answer) {
    const pages = Math.max(1, Math.ceil(answer.total / answer.size));
    this.page = answer.page;
    this.where.textContent = `Page ${answer.page + 1} of ${pages}`;
    const focused = document.activeElement;
    this.previous.disabled = answer.page <= 0;
    this.next.disabled = answer.page + 1 >= pages;
    if (focused === this.previous && this.previous.disabled && !this.next.disabled) {
      this.next.focus();
    } else if (focused === this.next && this.next.disabled && !this.previous.disabled) {
      this.previous.focus();
    }
  }
}

function pagerButton(label, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', action);
  return b;
}

/**
 * An answer that failed, said in the status line in the API's words; when the caller may not use the page
 * (403) or what it shows does not exist (404), the page's content goes away rather than stay half-working.
 */
export function problem(e, content) {
  say(e.message, true);
  if (content && (e.status === 403 || e.status === 404)) {
    content.hidden = true;
  }
}

/** The page's query parameters, and a way to keep the address in step with what the page shows. */
export const query = new URLSearchParams(location.search);

export function remember(params) {
  const clean = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== '' && v !== null && v !== undefined && !(k === 'page' && Number(v) === 0)) {
      clean.set(k, String(v));
    }
  }
  const search = clean.toString();
  history.replaceState(null, '', search ? '?' + search : location.pathname);
}
