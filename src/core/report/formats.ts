/** Machine and terminal renderings of a diagnosis: JSON, SARIF 2.1.0 and plain text. */
import type { Diagnosis, Finding } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { fillCommand, incidentValues, missingNote, occurrenceHeadline } from '../diagnose/renderTemplate';
import { redactText } from '../redact/redact';
import { iso, shortTime } from './time';
import { notShownSentence, setAsideSentence } from './unmatchedNote';
import { variableSummary } from '../diagnose/templateVariables';
import { visibleControls } from './visible';
import { grouped } from '../grouped';

/** Options shared by the renderers. */
export interface RenderOptions {
  /** Redact secrets (default true). */
  redact?: boolean;
  /** ANSI colours for the text format. */
  color?: boolean;
  /** Tool version for SARIF. */
  version?: string;
}

const clean = (o: RenderOptions, s: string): string => (o.redact === false ? s : redactText(s));

/** "first 999 and the last of 5,000 occurrences kept" for a finding the run bounded, else undefined. */
export function occurrencesNote(f: Finding): string | undefined {
  if (f.occurrences.length >= f.count) return undefined;
  const n = (x: number): string => grouped(x);
  return `${n(f.occurrences.length)} of ${n(f.count)} occurrences kept (the first ${n(f.occurrences.length - 1)} and the last)`;
}

/** The JSON document of `diagnose --format json`, as plain values. */
export function toJson(d: Diagnosis, o: RenderOptions = {}): unknown {
  return jsonDocument(d, o, (list, map) => list.map(map));
}

/**
 * The same document for writing out ({@link jsonPieces}, `JSON.stringify`): each finding's occurrences
 * are made when that finding is written, so only one finding's are held at a time, not every kept
 * occurrence twice (the run's and the document's). Its text is exactly {@link toJson}'s.
 */
export function toJsonForWriting(d: Diagnosis, o: RenderOptions = {}): unknown {
  return jsonDocument(d, o, (list, map) => new MappedList(list, map));
}

/**
 * A list whose JSON values are made when it is written: `JSON.stringify` and {@link jsonPieces} read
 * it through `toJSON()`, and the made array is garbage once its text is out.
 */
export class MappedList<S, T> {
  constructor(
    private readonly source: readonly S[],
    private readonly map: (s: S) => T,
  ) {}
  /** The JSON value: the mapped array. */
  toJSON(): T[] {
    return this.source.map(this.map);
  }
}

function jsonDocument(d: Diagnosis, o: RenderOptions, list: <S, T>(source: readonly S[], map: (s: S) => T) => unknown): unknown {
  const name = (i: number): string => d.inputs[i]?.name ?? String(i);
  return {
    inputs: d.inputs.map((i) => ({ name: i.name, bytes: i.bytes, lines: i.lines, kinds: i.kinds, segments: i.segments, notices: i.notices })),
    findings: d.findings.map((f) => ({
      signatureId: f.signatureId,
      title: f.title,
      severity: f.severity,
      category: f.category,
      headline: clean(o, f.headline),
      count: f.count,
      occurrencesShown: f.occurrences.length,
      ...(occurrencesNote(f) ? { occurrencesNote: occurrencesNote(f) } : {}),
      firstSeen: iso(f.firstSeen),
      lastSeen: iso(f.lastSeen),
      captureValues: Object.fromEntries(Object.entries(f.captureValues).map(([k, v]) => [k, v.map((x) => clean(o, x))])),
      occurrences: list(f.occurrences, (x) => ({
        input: name(x.input),
        inputIndex: x.input,
        line: x.line,
        endLine: x.endLine,
        kind: x.kind,
        text: clean(o, x.text),
        timestamp: iso(x.timestamp),
        captures: Object.fromEntries(Object.entries(x.captures).map(([k, v]) => [k, clean(o, v)])),
        refs: Object.fromEntries(Object.entries(x.refs).map(([k, v]) => [k, typeof v === 'string' ? clean(o, v) : v])),
      })),
    })),
    rootCauses: d.rootCauses.map((r) => ({ ...r, chain: r.chain.map((c) => ({ ...c, firstSeen: iso(c.firstSeen) })) })),
    unknownErrors: d.unknownErrors.map((u) => ({
      ...u,
      template: clean(o, u.template),
      reasons: u.reasons.map((r) => clean(o, r)),
      firstSeen: iso(u.firstSeen),
      lastSeen: iso(u.lastSeen),
      examples: u.examples.map((e) => ({ input: name(e.input), line: e.line, text: clean(o, e.text) })),
    })),
    unknownErrorTotals: d.unknownErrorTotals,
    timeline: d.timeline.map((t) => ({ ...t, timestamp: iso(t.timestamp), input: name(t.input), text: clean(o, t.text) })),
    signaturesUsed: d.signaturesUsed,
  };
}

/** Characters left as they are in a URI path segment; everything else (space, #, %, ?, :, non-ASCII) is percent-encoded as UTF-8. */
const encodeSegment = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * An input's name as a SARIF artifact URI (RFC 3986): an absolute path becomes a `file:` URI
 * (`/var/log/x y.log` -> `file:///var/log/x%20y.log`, `C:\logs\a.log` -> `file:///C:/logs/a.log`), a
 * relative one a relative reference, each segment percent-encoded, so `#`, `%`, `?`, spaces and
 * non-ASCII names stay the file's name and a `name:` prefix is not read as a scheme. What
 * `url.pathToFileURL` does, without Node's url module, as core stays free of platform IO.
 */
export function artifactUri(name: string): string {
  const windows = /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('\\\\');
  const path = windows ? name.replace(/\\/g, '/') : name;
  const encoded = path
    .split('/')
    .map((seg, i) => (windows && i === 0 && /^[A-Za-z]:$/.test(seg) ? seg : encodeSegment(seg)))
    .join('/');
  if (windows) return path.startsWith('//') ? `file:${encoded}` : `file:///${encoded}`;
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}

const SARIF_LEVEL = { info: 'note', warning: 'warning', error: 'error', critical: 'error' } as const;

/** SARIF 2.1.0, one result per occurrence, rules from the catalogue. */
export function toSarif(d: Diagnosis, catalogue: Catalogue, o: RenderOptions = {}): unknown {
  const ids = d.findings.map((f) => f.signatureId);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Postmortem Lens',
            version: o.version ?? '0.0.0',
            informationUri: 'https://github.com/postmortem-lens/postmortem-lens',
            rules: ids.map((id) => {
              const s = catalogue.get(id)!.signature;
              return {
                id,
                name: s.title,
                shortDescription: { text: s.summary },
                fullDescription: { text: s.explanation },
                defaultConfiguration: { level: SARIF_LEVEL[s.severity] },
                help: { text: s.remediation.join('\n'), markdown: s.remediation.map((r) => `- ${r}`).join('\n') },
                properties: { category: s.category, tags: s.tags ?? [] },
              };
            }),
          },
        },
        // A bounded run says which findings list fewer results than they counted.
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: d.findings
              .filter((f) => occurrencesNote(f))
              .map((f) => ({ level: 'note', message: { text: `${f.signatureId}: ${occurrencesNote(f)}` } })),
          },
        ],
        artifacts: d.inputs.map((i) => ({ location: { uri: artifactUri(i.name) } })),
        results: d.findings.flatMap((f) =>
          f.occurrences.map((x) => ({
            ruleId: f.signatureId,
            ruleIndex: ids.indexOf(f.signatureId),
            level: SARIF_LEVEL[f.severity],
            message: { text: clean(o, occurrenceHeadline(catalogue.get(f.signatureId)?.signature.headline, f.title, x)) },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(d.inputs[x.input]?.name ?? String(x.input)), index: x.input },
                  region: { startLine: x.line, endLine: x.endLine, snippet: { text: clean(o, x.text) } },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}

const C = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m', magenta: '\x1b[35m' };

/**
 * Terminal text. Every control character that reached it from a log, a file name or a signature
 * file is made visible ({@link visibleControls}); only this renderer's own colours stay escapes.
 */
export function toText(d: Diagnosis, catalogue: Catalogue, o: RenderOptions = {}): string {
  const c = (k: keyof typeof C, s: string): string => (o.color ? C[k] + s + C.reset : s);
  const sevColor = (f: Finding): keyof typeof C => (f.severity === 'critical' || f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'yellow' : 'cyan');
  const out: string[] = [];
  const name = (i: number): string => d.inputs[i]?.name ?? String(i);
  out.push(c('bold', 'Inputs'));
  for (const i of d.inputs) {
    out.push(
      `  ${i.name}: ${i.lines} lines; ${i.segments.map((s) => `${s.kind} ${s.startLine}-${s.endLine}${s.stages?.length ? ` (stages: ${s.stages.join(', ')})` : ''}`).join(', ') || 'empty'}`,
    );
    for (const n of i.notices) out.push(`    ${c(n.level === 'warning' ? 'yellow' : 'dim', `${n.level}: ${n.message}${n.line ? ` (line ${n.line})` : ''}`)}`);
  }
  out.push('');
  if (d.rootCauses.length) {
    out.push(c('bold', 'Likely root cause'));
    d.rootCauses.slice(0, 3).forEach((r, idx) => {
      out.push(`  ${idx + 1}. ${c(idx === 0 ? 'magenta' : 'dim', `${r.title} [${r.signatureId}]`)} confidence ${Math.round(r.confidence * 100)}%`);
      if (r.chain.length > 1) out.push(`     chain: ${r.chain.map((l) => l.signatureId).join(' -> ')}`);
      if (idx === 0) for (const why of r.reasons) out.push(`     - ${why}`);
    });
    out.push('');
  }
  out.push(c('bold', `Findings (${d.findings.length})`));
  if (d.findings.length === 0) out.push('  none: no known failure signature matched');
  for (const f of d.findings) {
    const s = catalogue.get(f.signatureId)?.signature;
    out.push(
      `  ${c(sevColor(f), f.severity.toUpperCase().padEnd(8))} ${c('bold', clean(o, f.headline))} [${f.signatureId}] x${f.count}  ${c('dim', `${shortTime(f.firstSeen)} .. ${shortTime(f.lastSeen)}`)}`,
    );
    const first = f.occurrences[0];
    if (first) out.push(`           ${c('dim', `${name(first.input)}:${first.line}`)}  ${clean(o, first.text.split('\n', 1)[0]).slice(0, 160)}`);
    const note = occurrencesNote(f);
    if (note) out.push(`           ${c('dim', `${note}; --max-occurrences 0 keeps all`)}`);
    if (s) {
      out.push(`           usually: ${s.causes[0]}`);
      const check = s.checks[0];
      if (check) {
        const { text, missing } = fillCommand(check.command, incidentValues(d, f, first));
        out.push(`           check:   ${clean(o, text)}`);
        const why = missingNote(missing);
        if (why) out.push(`           ${c('dim', why)}`);
      }
    }
  }
  const shown = 10;
  const notes = [notShownSentence(d, shown), setAsideSentence(d)].filter((x): x is string => x !== null);
  if (d.unknownErrors.length || notes.length) {
    const t = d.unknownErrorTotals;
    out.push('');
    out.push(c('bold', `Unmatched error lines (${t.lines} in ${t.clusters} template${t.clusters === 1 ? '' : 's'}, most likely to matter first)`));
    for (const u of d.unknownErrors.slice(0, shown)) {
      out.push(
        `  ${u.score.toFixed(1).padStart(5)}  ${String(u.count).padStart(5)}x  ${clean(o, u.template).slice(0, 150)}  ${c('dim', u.examples[0] ? `${name(u.examples[0].input)}:${u.examples[0].line}` : '')}`,
      );
      out.push(c('dim', `                 ${clean(o, u.reasons.join('; '))}`));
      const varying = variablesLine(u);
      if (varying) out.push(c('dim', `                 ${clean(o, varying)}`));
    }
    for (const n of notes) out.push(c('dim', `  ${n}`));
  }
  return visibleControls(out.join('\n') + '\n', o.color ? Object.values(C) : []);
}

/** Varying parts shown per cluster in text output, and characters of their line. */
const VARIABLES_SHOWN = 4;
const VARIABLES_CHARS = 220;

/**
 * The values of a cluster's varying parts on one line: `<*>1 10.0.0.7 ×3, 10.0.0.9 ×1 · <*>2 443 ×4
 * (in 4 of 9 lines)`, or null when none was read.
 */
function variablesLine(u: Diagnosis['unknownErrors'][number]): string | null {
  if (!u.variables.length) return null;
  const parts = u.variables.slice(0, VARIABLES_SHOWN).map((v, i) => `<*>${i + 1} ${variableSummary(v)}`);
  if (u.variables.length > VARIABLES_SHOWN) parts.push(`${u.variables.length - VARIABLES_SHOWN} more`);
  const text = `varying: ${parts.join(' · ')}`;
  const cut = text.length > VARIABLES_CHARS ? text.slice(0, VARIABLES_CHARS - 1) + '…' : text;
  return u.sampledLines < u.count ? `${cut} (in ${u.sampledLines} of ${u.count} lines)` : cut;
}
