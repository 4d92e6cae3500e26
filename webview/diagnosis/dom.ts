/**
 * Tiny DOM builders for the Diagnosis page. Text always goes in as text nodes, never as markup:
 * a log line holding `<script>` shows as those characters. No inline `style` attributes or `on*`
 * attributes (the page's CSP forbids them); listeners are attached as functions.
 */

/** A child: a node, text, or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Properties of {@link h}. */
export interface Props {
  /** Class names. */
  class?: string;
  /** Attributes (never `style` or `on*`). */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Click (and, for non-button elements with a role, Enter/Space) handler. */
  onActivate?: (ev: Event) => void;
}

/** Create an HTML element with text-safe children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  decorate(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Create an SVG element. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  decorate(el, props);
  append(el, children);
  return el;
}

function decorate(el: Element, props: Props): void {
  if (props.class) el.setAttribute('class', props.class);
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (v === undefined || v === false) continue;
    if (k === 'style' || /^on/i.test(k)) throw new Error(`attribute ${k} is not allowed`);
    el.setAttribute(k, v === true ? '' : String(v));
  }
  const activate = props.onActivate;
  if (activate) {
    el.addEventListener('click', activate);
    const native = el instanceof HTMLButtonElement || el instanceof HTMLAnchorElement || el.tagName.toLowerCase() === 'vscode-button';
    if (!native) {
      el.addEventListener('keydown', (ev) => {
        const k = (ev as KeyboardEvent).key;
        if (k === 'Enter' || k === ' ') {
          ev.preventDefault();
          activate(ev);
        }
      });
    }
  }
}

/** Append children as nodes or text nodes. */
export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}
