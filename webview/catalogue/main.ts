/**
 * The catalogue webview program: a search box whose results update as you type (the extension
 * searches), the result list, and the page of the chosen signature with in-page navigation between
 * related signatures (Back: the button or Alt+Left). Talks to the extension only through messages.
 */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './catalogue.css';
import { h } from './dom';
import { badges, renderPage, type PageActions } from './page';
import type { FromWebview, SignatureSummary, ToWebview } from './protocol';

declare function acquireVsCodeApi(): { postMessage(msg: FromWebview): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const send = (msg: FromWebview): void => vscode.postMessage(msg);
const saved = (vscode.getState() ?? {}) as { query?: string; shown?: string };

let seq = 0;
let shown: string | undefined = saved.shown;
let focusPageOnShow = false;
let navigatingBack = false;
const back: string[] = [];
let searchTimer: ReturnType<typeof setTimeout> | undefined;

const app = document.getElementById('app')!;
const search = h('vscode-textfield', {
  id: 'search',
  type: 'search',
  placeholder: 'Search: title, id, log line, cause…',
  'aria-label': 'Search signatures',
  'aria-controls': 'results',
}) as HTMLElement & { value: string };
const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
const list = h('ul', { id: 'results', class: 'results', 'aria-label': 'Signatures' });
const pageHost = h(
  'div',
  { id: 'page', class: 'page' },
  h(
    'div',
    { class: 'empty' },
    h('h1', {}, 'Signature catalogue'),
    h('p', {}, 'Type to search; choose a signature to read what it means, what to check next and how to fix it.'),
  ),
);
app.append(
  h('div', { class: 'layout' }, h('nav', { class: 'sidebar', 'aria-label': 'Signature search' }, search, status, list), h('div', { class: 'main' }, pageHost)),
);

const persist = (): void => vscode.setState({ query: search.value ?? '', shown });

function select(id: string, focusPage: boolean): void {
  focusPageOnShow = focusPage;
  send({ type: 'select', id });
}

const actions: PageActions = {
  select: (id) => select(id, true),
  copy: (text) => send({ type: 'copy', text }),
  openExternal: (url) => send({ type: 'openExternal', url }),
  openFile: (id) => send({ type: 'openFile', id }),
};

function goBack(): void {
  const id = back.pop();
  if (!id) return;
  navigatingBack = true;
  select(id, true);
}

function resultButtons(): HTMLButtonElement[] {
  return [...list.querySelectorAll<HTMLButtonElement>('button.result')];
}

function renderResults(msg: Extract<ToWebview, { type: 'results' }>): void {
  if (msg.seq < seq) return; // An answer to an older query: a newer one is on its way.
  list.replaceChildren(...msg.hits.map((s) => resultItem(s)));
  const q = msg.query.trim();
  status.textContent = q === '' ? `${msg.total} signature${msg.total === 1 ? '' : 's'}` : `${msg.hits.length} of ${msg.total} match “${q}”`;
  if (msg.hits.length === 0 && q !== '') list.append(h('li', { class: 'none' }, 'No signature matches. Try a word from the log line.'));
  send({ type: 'rendered', report: { what: 'results', listed: msg.hits.length } });
}

function resultItem(s: SignatureSummary): HTMLElement {
  const button = h(
    'button',
    { type: 'button', class: 'result', 'data-id': s.id, 'aria-current': s.id === shown ? 'true' : undefined, title: s.summary },
    h('span', { class: 'result-title' }, s.title),
    h('span', { class: 'result-meta' }, h('code', {}, s.id), ' ', badges(s)),
  );
  button.addEventListener('click', () => select(s.id, false));
  return h('li', {}, button);
}

function markCurrent(): void {
  for (const b of resultButtons()) {
    if (b.dataset.id === shown) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
}

function showPage(msg: Extract<ToWebview, { type: 'show' }>): void {
  const id = msg.signature.id;
  if (shown && shown !== id && !navigatingBack) back.push(shown);
  navigatingBack = false;
  shown = id;
  const parts: Node[] = [];
  if (back.length) {
    const b = h('button', { type: 'button', class: 'back', title: 'Back (Alt+Left)' }, `← Back to ${back[back.length - 1]}`);
    b.addEventListener('click', goBack);
    parts.push(h('div', { class: 'toolbar' }, b));
  }
  parts.push(renderPage(msg.signature, actions));
  pageHost.replaceChildren(...parts);
  pageHost.scrollTop = 0;
  window.scrollTo(0, 0);
  markCurrent();
  persist();
  if (focusPageOnShow) document.getElementById('sig-title')?.focus();
  focusPageOnShow = false;
  const sections = [...pageHost.querySelectorAll('h2')].map((e) => e.textContent ?? '');
  send({ type: 'rendered', report: { what: 'page', id, title: document.getElementById('sig-title')?.textContent ?? '', sections } });
}

function showMissing(msg: Extract<ToWebview, { type: 'missing' }>): void {
  navigatingBack = false;
  const items = msg.suggestions.map((s) => {
    const a = h('a', { href: `#${encodeURIComponent(s.id)}` }, s.title);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      select(s.id, true);
    });
    return h('li', {}, a, ' ', h('code', {}, s.id));
  });
  pageHost.replaceChildren(
    h(
      'div',
      { class: 'empty' },
      h('h1', { tabindex: '-1', id: 'sig-title' }, 'No such signature'),
      h('p', {}, 'The catalogue has no signature ', h('code', {}, msg.id), '.'),
      items.length > 0 && h('p', {}, 'Did you mean:'),
      items.length > 0 && h('ul', {}, ...items),
    ),
  );
  if (focusPageOnShow) document.getElementById('sig-title')?.focus();
  focusPageOnShow = false;
  send({ type: 'rendered', report: { what: 'missing', id: msg.id } });
}

function sendSearch(): void {
  seq += 1;
  send({ type: 'search', seq, query: search.value ?? '' });
  persist();
}

search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(sendSearch, 60);
});
search.addEventListener('keydown', (e: KeyboardEvent) => {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    resultButtons()[0]?.focus();
  } else if (e.key === 'Enter') {
    e.preventDefault();
    const first = resultButtons()[0];
    if (first?.dataset.id) select(first.dataset.id, true);
  } else if (e.key === 'Escape' && search.value) {
    e.preventDefault();
    search.value = '';
    sendSearch();
  }
});
list.addEventListener('keydown', (e: KeyboardEvent) => {
  const buttons = resultButtons();
  const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
  if (i < 0) return;
  const focus = (j: number): void => {
    e.preventDefault();
    buttons[j]?.focus();
  };
  if (e.key === 'ArrowDown') focus(Math.min(i + 1, buttons.length - 1));
  else if (e.key === 'ArrowUp') {
    if (i === 0) {
      e.preventDefault();
      search.focus();
    } else focus(i - 1);
  } else if (e.key === 'Home') focus(0);
  else if (e.key === 'End') focus(buttons.length - 1);
});
document.addEventListener('keydown', (e: KeyboardEvent) => {
  if (e.altKey && e.key === 'ArrowLeft') {
    e.preventDefault();
    goBack();
  } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'l') {
    e.preventDefault();
    search.focus();
  }
});

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  switch (msg?.type) {
    case 'results':
      renderResults(msg);
      break;
    case 'show':
      showPage(msg);
      break;
    case 'missing':
      showMissing(msg);
      break;
    case 'focusSearch':
      search.focus();
      break;
  }
});

if (saved.query) search.value = saved.query;
send({ type: 'ready' });
if (saved.query) sendSearch();
if (saved.shown) select(saved.shown, false);
void customElements.whenDefined('vscode-textfield').then(() => {
  if (!document.activeElement || document.activeElement === document.body) search.focus();
});
