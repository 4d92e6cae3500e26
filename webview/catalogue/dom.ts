/** DOM helpers of the catalogue webview: every string becomes a text node, never markup. */
import { isWebUrl } from './protocol';
import { parseInline, parseMarkdown, type Inline } from './markdown';

/** A child: a node, a string (as text), or nothing. */
export type Child = Node | string | undefined | null | false;

/** Create an element with attributes (set one by one) and children (strings as text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string | boolean | undefined>,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Record<string, string | boolean | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  append(el, ...children);
  return el;
}

/** Append children (strings as text nodes). */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Called for a link click: the URL is opened by the extension (only http/https get here). */
export type OpenLink = (url: string) => void;

/** A link that the extension opens; a URL that is not http(s) is shown as plain text. */
export function externalLink(text: string, url: string, open: OpenLink): HTMLElement {
  if (!isWebUrl(url)) return h('span', { class: 'link-text', title: url }, text);
  const a = h('a', { href: url, title: url }, text);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    open(url);
  });
  return a;
}

/** Inline runs as nodes. */
export function inlineNodes(runs: Inline[], open: OpenLink): Node[] {
  return runs.map((r) => {
    switch (r.kind) {
      case 'code':
        return h('code', {}, r.text);
      case 'strong':
        return h('strong', {}, r.text);
      case 'em':
        return h('em', {}, r.text);
      case 'link':
        return externalLink(r.text, r.url, open);
      default:
        return document.createTextNode(r.text);
    }
  });
}

/** Markdown (the catalogue's subset) as a fragment of text-only nodes. */
export function markdown(source: string, open: OpenLink): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const b of parseMarkdown(source)) {
    switch (b.kind) {
      case 'paragraph':
        frag.appendChild(h('p', {}, ...inlineNodes(b.inlines, open)));
        break;
      case 'heading':
        frag.appendChild(h('h3', {}, ...inlineNodes(b.inlines, open)));
        break;
      case 'code':
        frag.appendChild(h('pre', { class: 'code' }, h('code', {}, b.text)));
        break;
      case 'list':
        frag.appendChild(h(b.ordered ? 'ol' : 'ul', {}, ...b.items.map((item) => h('li', {}, ...inlineNodes(item, open)))));
        break;
    }
  }
  return frag;
}

/** Inline Markdown of one line (`code` and **bold** in causes and remediation steps). */
export function inline(source: string, open: OpenLink): DocumentFragment {
  const frag = document.createDocumentFragment();
  append(frag, ...inlineNodes(parseInline(source), open));
  return frag;
}
