/**
 * Clusters unmatched error lines into templates (variable parts -> `<*>`), in the spirit of Drain:
 * numbers, hex ids, IPs, durations, quoted strings and generated pod-name suffixes are masked, so
 * `dial tcp 10.0.0.7:443: i/o timeout` and `dial tcp 10.0.0.9:443: i/o timeout` are one template.
 *
 * Secrets are redacted first, always (also with redaction of the output turned off): a template is
 * shown and shared as it is, and masking first would cut a secret into pieces no detector knows
 * (`AKIA<*>ABCDEF`). A secret is a variable part anyway: `[REDACTED:kind]` is its mask, so lines
 * that differ only in their token are one template. The examples keep their text; the renderers
 * redact it.
 */
import type { LogEvent, UnknownErrorCluster, UnknownErrorLevel } from '../../model';
import { cutOutsideSecrets, redactText } from '../redact/redact';

const MASKS: [RegExp, string][] = [
  [/"(?:[^"\\]|\\.)*"/g, '"<*>"'],
  [/'(?:[^'\\]|\\.)*'/g, "'<*>'"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<*>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<*>'],
  [/\b[0-9a-f]{12,}\b/gi, '<*>'],
  [/\b[a-z0-9]+(?:-[a-z0-9]+)*-[a-z0-9]{5,10}(?:-[a-z0-9]{5})?\b/g, '<*>'],
  [/\b\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h)\b/g, '<*>'],
  [/\b0x[0-9a-f]+\b/gi, '<*>'],
  [/\d+/g, '<*>'],
];

/** A redaction mark, which the masks leave whole. */
const MARK = /\[REDACTED:[a-z-]+\]/g;

/** The template of a message (first line, at most 300 characters, secrets redacted). */
export function templateOf(message: string): string {
  const line = redactText(cutOutsideSecrets(message.split('\n', 1)[0], 300).trim());
  const marks = line.match(MARK) ?? [];
  const masked = line.split(MARK).map((part) => {
    for (const [re, rep] of MASKS) part = part.replace(re, rep);
    return part;
  });
  const t = masked.reduce((out, part, i) => out + (i > 0 ? marks[i - 1] : '') + part, '');
  return t.replace(/(?:<\*>[\s,:/.-]*){2,}/g, '<*> ').replace(/\s+/g, ' ').trim();
}

/** Most time samples kept per cluster (see {@link ClusterRecord.times}). */
const MAX_TIME_SAMPLES = 64;
/** Most distinct places (host, node, pod) kept per cluster. */
const MAX_PLACES = 8;
const LEVEL_ORDER: UnknownErrorLevel[] = ['warning', 'word', 'error', 'critical'];

/** What is known of one template's lines while reading (a cluster before scoring), with fixed bounds. */
export interface ClusterRecord extends Omit<UnknownErrorCluster, 'score' | 'reasons'> {
  /**
   * Timestamps of every `stride`-th timed line, in reading order: when the list is full, every
   * other sample is dropped and the stride doubles, so the samples stay spread over all lines.
   */
  times: number[];
  /** Lines each time sample stands for. */
  stride: number;
  /** Timed lines seen (the stride counts these). */
  timed: number;
  /** Hosts, nodes and pods its lines name. */
  places: Set<string>;
}

/** Accumulates templates with counts, bounded. The template key is the only part a Drain-style miner would replace. */
export class TemplateClusterer {
  private readonly clusters = new Map<string, ClusterRecord>();
  /** Lines that did not fit once the template limit was reached. */
  overflow = 0;

  constructor(private readonly maxTemplates = 2_000, private readonly examplesPerTemplate = 3) {}

  /** Add an event judged an error at `level`; `template` when the caller already knows it (an incremental re-merge). */
  add(e: LogEvent, level: UnknownErrorLevel, template = templateOf(e.message)): void {
    if (template === '') return;
    let c = this.clusters.get(template);
    if (!c) {
      if (this.clusters.size >= this.maxTemplates) { this.overflow++; return; }
      c = { template, count: 0, examples: [], firstSeen: null, lastSeen: null, level, times: [], stride: 1, timed: 0, places: new Set() };
      this.clusters.set(template, c);
    }
    c.count++;
    if (LEVEL_ORDER.indexOf(level) > LEVEL_ORDER.indexOf(c.level)) c.level = level;
    const t = e.timestamp;
    if (t !== null) {
      if (c.firstSeen === null || t < c.firstSeen) c.firstSeen = t;
      if (c.lastSeen === null || t > c.lastSeen) c.lastSeen = t;
      if (c.timed++ % c.stride === 0) {
        c.times.push(t);
        if (c.times.length >= MAX_TIME_SAMPLES) {
          c.times = c.times.filter((_, i) => i % 2 === 0);
          c.stride *= 2;
        }
      }
    }
    if (c.places.size < MAX_PLACES) for (const p of [e.host, e.refs.node, e.refs.pod]) if (p) c.places.add(p);
    if (c.examples.length < this.examplesPerTemplate) c.examples.push({ input: e.input, line: e.line, text: e.text.length > 500 ? cutOutsideSecrets(e.text, 500) + ' …' : e.text });
  }

  /** Every cluster, in the order first seen. */
  records(): ClusterRecord[] {
    return [...this.clusters.values()];
  }
}
