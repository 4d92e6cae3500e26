/** The sections of the Diagnosis page, each built from the view model with {@link h}. */
import { h, type Child } from './dom';
import type { DiagnosisViewModel, PageMessage, ViewFinding, ViewInput, ViewOccurrence, ViewRootCause, ViewUnknownCluster } from './protocol';
import { formatTime } from './timelineLayout';

/** Sends a message to the host. */
export type Post = (m: PageMessage) => void;

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const firstLine = (text: string): string => text.split(/\r?\n/)[0];

/** A section: a collapsible with a heading and a count. */
export function section(id: string, heading: string, count: number | undefined, ...content: Child[]): HTMLElement {
  const c = h('vscode-collapsible', { class: 'section', attrs: { id, heading, open: true } });
  if (count !== undefined) c.appendChild(h('vscode-badge', { attrs: { slot: 'decorations', variant: 'counter' } }, count));
  c.appendChild(h('div', { class: 'section-body' }, ...content));
  return c;
}

/** A location link: `name:line`, revealing the line. */
function locationButton(post: Post, inputs: ViewInput[], input: number, line: number): HTMLButtonElement {
  const name = inputs[input]?.name ?? `input ${input + 1}`;
  return h(
    'button',
    { class: 'link location', attrs: { type: 'button', title: `Open ${name} at line ${line}` }, onActivate: () => post({ type: 'reveal', input, line }) },
    `${name}:${line}`,
  );
}

/** A log excerpt that reveals its line when activated. */
function excerpt(post: Post, input: number, line: number, text: string): HTMLButtonElement {
  return h(
    'button',
    { class: 'excerpt', attrs: { type: 'button', title: 'Reveal in the log' }, onActivate: () => post({ type: 'reveal', input, line }) },
    h('code', {}, text),
  );
}

function severityBadge(sev: string): HTMLElement {
  return h('span', { class: `severity sev-${sev}`, attrs: { title: `severity: ${sev}` } }, sev);
}

function signatureLink(post: Post, id: string): HTMLButtonElement {
  return h(
    'button',
    { class: 'link', attrs: { type: 'button', title: `Open ${id} in the signature catalogue` }, onActivate: () => post({ type: 'openSignature', id }) },
    'Open in catalogue',
  );
}

/** Ranked root causes with their evidence chains. */
export function rootCausesSection(m: DiagnosisViewModel, post: Post): HTMLElement {
  if (!m.rootCauses.length) {
    return section(
      'root-causes',
      'Likely root causes',
      0,
      h(
        'p',
        { class: 'empty' },
        m.findings.length
          ? 'No finding explains the others: see the findings below.'
          : 'No known failure signature matched. Look at the unmatched error lines below.',
      ),
    );
  }
  const list = h('ol', { class: 'root-causes' }, ...m.rootCauses.map((r, i) => rootCause(r, i, post)));
  return section('root-causes', 'Likely root causes', m.rootCauses.length, list);
}

function rootCause(r: ViewRootCause, rank: number, post: Post): HTMLElement {
  const bar = h(
    'span',
    {
      class: 'confidence-bar',
      attrs: { role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(r.confidence * 100), 'aria-label': 'confidence' },
    },
    h('span', { class: 'confidence-fill' }),
  );
  // CSSOM, not a style attribute: allowed by the CSP.
  (bar.firstChild as HTMLElement).style.width = pct(r.confidence);
  const chain = h(
    'ol',
    { class: 'chain', attrs: { 'aria-label': 'evidence chain, cause first' } },
    ...r.chain.map((c, i) =>
      h(
        'li',
        { class: i === 0 ? 'cause' : i === r.chain.length - 1 ? 'symptom' : 'link' },
        h(
          'button',
          { class: 'link chain-title', attrs: { type: 'button', title: `Show the finding ${c.signatureId}` }, onActivate: () => focusFinding(c.signatureId) },
          c.title,
        ),
        ' ',
        h('code', { class: 'id' }, c.signatureId),
        c.firstSeen !== null ? h('span', { class: 'time' }, ` ${formatTime(c.firstSeen)}`) : null,
        c.because ? h('div', { class: 'because' }, `because ${c.because}`) : null,
      ),
    ),
  );
  return h(
    'li',
    { class: `root-cause${rank === 0 ? ' top' : ''}` },
    h(
      'div',
      { class: 'rc-head' },
      h('strong', {}, r.title),
      ' ',
      h('code', { class: 'id' }, r.signatureId),
      ' ',
      bar,
      ' ',
      h('span', { class: 'confidence' }, `${pct(r.confidence)} confidence`),
      ' ',
      signatureLink(post, r.signatureId),
    ),
    r.chain.length > 1 ? chain : null,
    r.reasons.length ? h('ul', { class: 'reasons' }, ...r.reasons.map((x) => h('li', {}, x))) : null,
  );
}

function focusFinding(id: string): void {
  const el = document.getElementById(`finding-${id}`);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus();
}

/** The findings list. */
export function findingsSection(m: DiagnosisViewModel, post: Post): HTMLElement {
  if (!m.findings.length) return section('findings', 'Findings', 0, h('p', { class: 'empty' }, `None of the ${m.signaturesUsed} signatures matched.`));
  return section('findings', 'Findings', m.findings.length, h('ul', { class: 'findings' }, ...m.findings.map((f) => finding(f, m.inputs, post))));
}

/** Occurrences rendered per "Show more" (a finding can list thousands). */
const PAGE = 200;

function occurrenceItem(post: Post, inputs: ViewInput[], o: ViewOccurrence): HTMLElement {
  return h(
    'li',
    {},
    locationButton(post, inputs, o.input, o.line),
    ' ',
    h('span', { class: 'time' }, formatTime(o.timestamp)),
    ' ',
    h('code', {}, firstLine(o.text)),
  );
}

/** The occurrence list of a finding, rendered a page at a time when opened. */
function occurrenceList(f: ViewFinding, inputs: ViewInput[], post: Post): HTMLElement | null {
  if (f.occurrences.length <= 1 && !f.occurrencesNote) return null;
  const listed = f.occurrences.length;
  const label = `${f.count} occurrence${f.count === 1 ? '' : 's'}${listed < f.count ? ` (${listed} listed)` : ''}`;
  const list = h('ul', {});
  const more = h('button', { class: 'link more', attrs: { type: 'button' } });
  let shown = 0;
  const showMore = (): void => {
    const next = f.occurrences.slice(shown, shown + PAGE);
    list.append(...next.map((o) => occurrenceItem(post, inputs, o)));
    shown += next.length;
    more.textContent = `Show ${Math.min(PAGE, listed - shown)} more (${listed - shown} not shown yet)`;
    more.hidden = shown >= listed;
  };
  more.addEventListener('click', showMore);
  const details = h(
    'details',
    { class: 'occurrences' },
    h('summary', {}, label),
    f.occurrencesNote ? h('p', { class: 'note' }, f.occurrencesNote) : null,
    list,
    more,
  );
  // Render on first open: a closed list of 5,000 costs nothing.
  details.addEventListener('toggle', () => {
    if (details.open && shown === 0) showMore();
  });
  return details;
}

function finding(f: ViewFinding, inputs: ViewInput[], post: Post): HTMLElement {
  const first = f.occurrences[0];
  return h(
    'li',
    { class: `finding sev-${f.severity}`, attrs: { id: `finding-${f.signatureId}`, tabindex: -1 } },
    h(
      'div',
      { class: 'finding-head' },
      severityBadge(f.severity),
      ' ',
      h('span', { class: 'headline' }, f.headline),
      ' ',
      h('vscode-badge', { attrs: { variant: 'counter', title: `${f.count} occurrence${f.count === 1 ? '' : 's'}` } }, f.count),
    ),
    h(
      'div',
      { class: 'meta' },
      h('span', {}, f.title),
      ' · ',
      h('code', { class: 'id' }, f.signatureId),
      ' · ',
      h('span', {}, f.category),
      ' · ',
      h('span', { class: 'time' }, `first ${formatTime(f.firstSeen)}`),
      ' · ',
      h('span', { class: 'time' }, `last ${formatTime(f.lastSeen)}`),
      ' · ',
      signatureLink(post, f.signatureId),
    ),
    first
      ? h(
          'div',
          { class: 'first' },
          locationButton(post, inputs, first.input, first.line),
          ' ',
          h('button', { class: 'link', attrs: { type: 'button', title: 'Copy the line' }, onActivate: () => post({ type: 'copy', text: first.text }) }, 'Copy'),
          excerpt(post, first.input, first.line, first.text),
        )
      : null,
    f.check
      ? h(
          'div',
          { class: 'check' },
          h('span', { class: 'check-title' }, `Check next: ${f.check.title}`),
          ' ',
          h(
            'button',
            { class: 'link', attrs: { type: 'button', title: 'Copy the command' }, onActivate: () => post({ type: 'copy', text: f.check!.command }) },
            'Copy',
          ),
          h('pre', {}, h('code', {}, f.check.command)),
          f.check.missing ? h('p', { class: 'note' }, f.check.missing) : null,
        )
      : null,
    occurrenceList(f, inputs, post),
  );
}

/** Clusters of error lines no signature matched, most likely to matter first, with what was left out. */
export function unknownSection(m: DiagnosisViewModel, post: Post): HTMLElement {
  const notes = m.unknownNotes.length ? h('ul', { class: 'notes' }, ...m.unknownNotes.map((n) => h('li', {}, n))) : null;
  if (!m.unknownErrors.length)
    return section(
      'unknown',
      'Unmatched error lines',
      0,
      h('div', {}, h('p', { class: 'empty' }, 'Every error-level line was explained by a signature.'), notes),
    );
  const table = h(
    'table',
    { class: 'unknown' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col', title: 'How likely it matters: the sum of the terms listed under the template' } }, 'Score'),
        h('th', { attrs: { scope: 'col' } }, 'Count'),
        h('th', { attrs: { scope: 'col' } }, 'Template'),
        h('th', { attrs: { scope: 'col' } }, 'Example'),
      ),
    ),
    h('tbody', {}, ...m.unknownErrors.map((u, i) => cluster(u, i, m.inputs, post))),
  );
  return section('unknown', 'Unmatched error lines', m.unknownErrors.length, h('div', {}, table, notes));
}

const LEVEL_LABEL: Record<string, string> = { critical: 'critical', error: 'error', warning: 'warning', word: 'error word' };

/** Values listed per varying part under a template (the tooltip lists every one the host sent). */
const VALUES_LISTED = 3;

/** `a ×3, b ×1` for one varying part; `max` values at most. */
function valuesText(v: ViewUnknownCluster['variables'][number], max: number): string {
  const listed = v.values.slice(0, max).map((x) => `${x.value} ×${x.count}`);
  const more = v.values.length - listed.length;
  const rest = [more > 0 ? `${more} more` : '', v.other > 0 ? `${v.other} other line${v.other === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  return listed.join(', ') + (rest ? ` (+${rest})` : '');
}

/**
 * The template with its varying parts marked: each `<*>` a highlighted, numbered mark whose tooltip
 * lists the values it took. Built from text nodes only (log text is never HTML).
 */
function templateCode(u: ViewUnknownCluster): HTMLElement {
  const pieces = u.template.split('<*>');
  const children: (string | HTMLElement)[] = [];
  pieces.forEach((piece, i) => {
    if (piece) children.push(piece);
    if (i === pieces.length - 1) return;
    const v = u.variables[i];
    const title = v
      ? `Part ${i + 1} took:\n${v.values.map((x) => `${x.value}  ×${x.count}`).join('\n')}${v.other ? `\n… and ${v.other} other line${v.other === 1 ? '' : 's'}` : ''}`
      : 'A varying part (its values were not read)';
    // The part's number is drawn by CSS (::after), so the template's text stays the template.
    children.push(h('mark', { class: 'var', attrs: { title, 'data-part': String(i + 1) } }, '<*>'));
  });
  return h('code', { class: 'template' }, ...children);
}

function variablesList(u: ViewUnknownCluster): HTMLElement | null {
  if (!u.variables.length) return null;
  const sample = u.sampledLines < u.count ? ` (values of its first ${u.sampledLines} of ${u.count} lines)` : '';
  return h(
    'div',
    { class: 'variables' },
    h('span', { class: 'label' }, `Varying parts${sample}:`),
    h('ol', {}, ...u.variables.map((v) => h('li', {}, valuesText(v, VALUES_LISTED)))),
  );
}

function cluster(u: ViewUnknownCluster, index: number, inputs: ViewInput[], post: Post): HTMLElement {
  const ex = u.examples[0];
  const sev = u.level === 'word' ? 'error' : u.level;
  return h(
    'tr',
    {},
    h('td', { class: 'score' }, u.score.toFixed(1)),
    h('td', { class: 'count' }, u.count),
    h(
      'td',
      {},
      h('span', { class: `severity sev-${sev}` }, LEVEL_LABEL[u.level] ?? u.level),
      ' ',
      templateCode(u),
      variablesList(u),
      u.firstSeen !== null ? h('div', { class: 'time' }, `first ${formatTime(u.firstSeen)}`) : null,
      u.reasons.length ? h('div', { class: 'reasons' }, u.reasons.join(' · ')) : null,
      h(
        'button',
        {
          class: 'link create-signature',
          attrs: { type: 'button', title: 'Draft a signature file in .postmortem-lens/patterns/ from this template, with its lines as examples' },
          onActivate: () => post({ type: 'createSignature', cluster: index }),
        },
        'Create signature from this pattern',
      ),
    ),
    h('td', {}, ex ? locationButton(post, inputs, ex.input, ex.line) : null, ex ? excerpt(post, ex.input, ex.line, firstLine(ex.text)) : null),
  );
}

/** The inputs with their segments, kinds and notices. */
export function inputsSection(m: DiagnosisViewModel, post: Post): HTMLElement {
  return section(
    'inputs',
    'Inputs',
    m.inputs.length,
    h(
      'ul',
      { class: 'inputs' },
      ...m.inputs.map((i) =>
        h(
          'li',
          {},
          h('div', {}, h('strong', {}, i.name), ` — ${i.lines} lines, ${formatBytes(i.bytes)}, `, i.kinds.length ? i.kinds.join(', ') : 'no kind detected'),
          i.segments.length > 1 || (i.segments[0]?.stages?.length ?? 0) > 0
            ? h(
                'ul',
                { class: 'segments' },
                ...i.segments.map((s) =>
                  h(
                    'li',
                    {},
                    h(
                      'button',
                      {
                        class: 'link',
                        attrs: { type: 'button', title: 'Reveal the segment' },
                        onActivate: () => post({ type: 'reveal', input: i.index, line: s.startLine }),
                      },
                      `lines ${s.startLine}–${s.endLine}`,
                    ),
                    `: ${s.kind}`,
                    s.stages?.length ? ` (stages: ${s.stages.join(' → ')})` : '',
                  ),
                ),
              )
            : null,
          i.notices.length
            ? h(
                'ul',
                { class: 'notices' },
                ...i.notices.map((n) =>
                  h(
                    'li',
                    { class: `notice ${n.level}` },
                    n.level === 'warning' ? '⚠ ' : 'ℹ ',
                    n.message,
                    n.line !== undefined ? ' ' : null,
                    n.line !== undefined ? locationButton(post, m.inputs, i.index, n.line) : null,
                  ),
                ),
              )
            : null,
        ),
      ),
    ),
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
