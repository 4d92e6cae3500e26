/** The page of one signature, built with DOM APIs from the plain data the extension posts. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { append, externalLink, h, inline, markdown, type Child } from './dom';
import type { ExampleView, SignatureSummary, SignatureView } from './protocol';

/** What the page can ask for. */
export interface PageActions {
  /** Show another signature (a related link). */
  select(id: string): void;
  /** Copy text to the clipboard (through the extension). */
  copy(text: string): void;
  /** Open an http(s) link (through the extension). */
  openExternal(url: string): void;
  /** Open the YAML file of a user signature. */
  openFile(id: string): void;
}

/** Severity, category, status (and "yours") badges. */
export function badges(s: SignatureSummary): HTMLElement {
  return h(
    'span',
    { class: 'badges' },
    h('span', { class: `badge severity severity-${s.severity}`, title: 'Severity' }, s.severity),
    h('span', { class: 'badge', title: 'Category' }, s.category),
    h('span', { class: `badge status status-${s.status}`, title: 'Status' }, s.status),
    s.user && h('span', { class: 'badge user', title: 'From your signature folders' }, 'yours'),
  );
}

const section = (title: string, id: string, ...children: Child[]): HTMLElement => h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...children);

function copyButton(text: string, label: string, actions: PageActions): HTMLElement {
  const b = h('vscode-button', { secondary: true, title: `Copy: ${text}`, 'aria-label': label }, 'Copy');
  b.addEventListener('click', () => actions.copy(text));
  return b;
}

function signatureLink(id: string, text: string, actions: PageActions): HTMLElement {
  const a = h('a', { href: `#${encodeURIComponent(id)}`, class: 'signature-link' }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    actions.select(id);
  });
  return a;
}

function examples(list: ExampleView[], kind: 'match' | 'noMatch'): HTMLElement {
  return h(
    'ul',
    { class: `examples ${kind}` },
    ...list.map((e) =>
      h('li', {}, e.kind && h('span', { class: 'badge kind', title: 'Read as this log kind' }, e.kind), h('pre', { class: 'code' }, h('code', {}, e.text))),
    ),
  );
}

/** Build the page of a signature. */
export function renderPage(s: SignatureView, actions: PageActions): HTMLElement {
  const open = (url: string): void => actions.openExternal(url);
  const page = h('article', { class: 'signature', 'aria-labelledby': 'sig-title' });
  const idLine = h('p', { class: 'id-line' }, h('code', {}, s.id), ' ', copyButton(s.id, `Copy the id ${s.id}`, actions));
  if (s.user && s.file) {
    const b = h('vscode-button', { secondary: true, title: s.file }, 'Open file');
    b.addEventListener('click', () => actions.openFile(s.id));
    append(idLine, ' ', b);
  }
  append(
    page,
    h('header', {}, h('h1', { id: 'sig-title', tabindex: '-1' }, s.title), badges(s), idLine, h('p', { class: 'summary' }, s.summary)),
    section('What it means', 'sec-explanation', markdown(s.explanation, open)),
  );
  if (s.causes.length) append(page, section('Likely causes', 'sec-causes', h('ol', {}, ...s.causes.map((c) => h('li', {}, inline(c, open))))));
  if (s.checks.length) {
    append(
      page,
      section(
        'Next checks',
        'sec-checks',
        h(
          'ol',
          { class: 'checks' },
          ...s.checks.map((c) =>
            h(
              'li',
              {},
              h('div', { class: 'check-title' }, inline(c.title, open)),
              h('div', { class: 'command' }, h('pre', { class: 'code' }, h('code', {}, c.command)), copyButton(c.command, `Copy command: ${c.title}`, actions)),
            ),
          ),
        ),
      ),
    );
  }
  if (s.remediation.length) append(page, section('Remediation', 'sec-remediation', h('ol', {}, ...s.remediation.map((r) => h('li', {}, inline(r, open))))));
  if (s.references.length) {
    append(
      page,
      section(
        'References',
        'sec-references',
        h(
          'ul',
          { class: 'references' },
          ...s.references.map((r) => {
            let host = '';
            try {
              host = new URL(r.url).hostname;
            } catch {
              /* shown without host */
            }
            return h('li', {}, externalLink(r.title, r.url, open), host && h('span', { class: 'host' }, ` — ${host}`));
          }),
        ),
      ),
    );
  }
  if (s.related.length) {
    append(
      page,
      section(
        'Related signatures',
        'sec-related',
        h(
          'ul',
          { class: 'related' },
          ...s.related.map((r) =>
            h(
              'li',
              {},
              h('span', { class: `badge relation relation-${r.label.replace(/\s+/g, '-')}` }, r.label),
              ' ',
              r.known ? signatureLink(r.id, r.title ?? r.id, actions) : h('span', { class: 'unknown', title: 'Not in the catalogue' }, r.id),
              r.known && r.title && h('span', { class: 'related-id' }, ` (${r.id})`),
              r.note && h('div', { class: 'note' }, r.note),
              r.inferred && h('div', { class: 'note' }, `declared by ${r.id}`),
            ),
          ),
        ),
      ),
    );
  }
  const exampleParts: Child[] = [h('h3', {}, `Matches (${s.examples.match.length})`), examples(s.examples.match, 'match')];
  if (s.examples.noMatch.length) exampleParts.push(h('h3', {}, `Does not match (${s.examples.noMatch.length})`), examples(s.examples.noMatch, 'noMatch'));
  append(page, section('Examples', 'sec-examples', ...exampleParts));
  append(
    page,
    section(
      'Rule',
      'sec-rule',
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Applies to'),
        h('dd', {}, s.appliesTo.join(', ')),
        s.headline && h('dt', {}, 'Headline'),
        s.headline && h('dd', {}, h('code', {}, s.headline)),
        s.tags.length > 0 && h('dt', {}, 'Tags'),
        s.tags.length > 0 && h('dd', {}, s.tags.join(', ')),
      ),
      h('h3', {}, 'match'),
      h('pre', { class: 'code rule' }, h('code', {}, s.rules.match.map((r) => `- ${r}`).join('\n'))),
      s.rules.exclude.length > 0 && h('h3', {}, 'exclude'),
      s.rules.exclude.length > 0 && h('pre', { class: 'code rule' }, h('code', {}, s.rules.exclude.map((r) => `- ${r}`).join('\n'))),
    ),
  );
  return page;
}
