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
import { TemplateMiner } from './templateMiner';

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

/**
 * The text a template is made from: the message's first line, at most 300 characters, secrets
 * redacted, whitespace runs as one space. The varying parts of a template are read from it
 * ({@link templateVariables}).
 */
export function templateLine(message: string): string {
  return redactText(cutOutsideSecrets(message.split('\n', 1)[0], 300).trim()).replace(/\s+/g, ' ');
}

/** The template of a message (first line, at most 300 characters, secrets redacted). */
export function templateOf(message: string): string {
  return templateOfLine(templateLine(message));
}

/** The template of a {@link templateLine}. */
export function templateOfLine(line: string): string {
  const marks = line.match(MARK) ?? [];
  const masked = line.split(MARK).map((part) => {
    for (const [re, rep] of MASKS) part = part.replace(re, rep);
    return part;
  });
  const t = masked.reduce((out, part, i) => out + (i > 0 ? marks[i - 1] : '') + part, '');
  return t
    .replace(/(?:<\*>[\s,:/.-]*){2,}/g, '<*> ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Most time samples kept per cluster (see {@link ClusterRecord.times}). */
const MAX_TIME_SAMPLES = 64;
/**
 * Lines of each template whose text is kept for its varying parts: the first ones read. Bounded so
 * that neither memory nor the incremental re-merge (which adds every unmatched line again, with its
 * template known) grows with the input; the values are then those of a sample, and say so.
 */
export const MAX_SAMPLED_LINES = 64;
/** Distinct texts kept among them (a line with another text past this is not sampled): at most 16 × 300 characters per template. */
export const MAX_SAMPLE_TEXTS = 16;
/** Most places (host, node, pod) kept per cluster. */
const MAX_PLACES = 8;
const LEVEL_ORDER: UnknownErrorLevel[] = ['warning', 'word', 'error', 'critical'];

/** What is known of one template's lines while reading (a cluster before scoring), with fixed bounds. */
export interface ClusterRecord extends Omit<UnknownErrorCluster, 'score' | 'reasons' | 'variables' | 'sampledLines'> {
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
  /** The {@link templateLine} of its first lines (at most {@link MAX_SAMPLED_LINES}), with how many lines had each. */
  samples: Map<string, number>;
  /** Lines counted in `samples`. */
  sampled: number;
}

/**
 * Accumulates templates with counts, bounded. Each line's key is its regex template (`templateOf`),
 * which depends on the line alone, so blocks read apart re-merge exactly; {@link mergedRecords} then
 * joins the templates of one event with the template miner.
 */
export class TemplateClusterer {
  private readonly clusters = new Map<string, ClusterRecord>();
  /** Lines that did not fit once the template limit was reached. */
  overflow = 0;

  constructor(
    private readonly maxTemplates = 2_000,
    private readonly examplesPerTemplate = 3,
  ) {}

  /** Add an event judged an error at `level`; `template` when the caller already knows it (an incremental re-merge). */
  add(e: LogEvent, level: UnknownErrorLevel, known?: string): void {
    const line = known === undefined ? templateLine(e.message) : undefined;
    const template = known ?? templateOfLine(line!);
    if (template === '') return;
    let c = this.clusters.get(template);
    if (!c) {
      if (this.clusters.size >= this.maxTemplates) {
        this.overflow++;
        return;
      }
      c = {
        template,
        count: 0,
        examples: [],
        firstSeen: null,
        lastSeen: null,
        level,
        times: [],
        stride: 1,
        timed: 0,
        places: new Set(),
        samples: new Map(),
        sampled: 0,
      };
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
    if (c.sampled < MAX_SAMPLED_LINES) {
      const text = line ?? templateLine(e.message);
      const n = c.samples.get(text);
      if (n !== undefined) {
        c.samples.set(text, n + 1);
        c.sampled++;
      } else if (c.samples.size < MAX_SAMPLE_TEXTS) {
        // A copy of its own: the text may be a slice that keeps the whole block it was read from alive.
        c.samples.set(Buffer.from(text, 'utf8').toString('utf8'), 1);
        c.sampled++;
      }
    }
    if (c.places.size < MAX_PLACES) for (const p of [e.host, e.refs.node, e.refs.pod]) if (p) c.places.add(p);
    if (c.examples.length < this.examplesPerTemplate)
      c.examples.push({ input: e.input, line: e.line, text: e.text.length > 500 ? cutOutsideSecrets(e.text, 500) + ' …' : e.text });
  }

  /** Every cluster, in the order first seen. */
  records(): ClusterRecord[] {
    return [...this.clusters.values()];
  }

  /**
   * The clusters with those of one event joined ({@link TemplateMiner}): the regex templates differ
   * where a value is a word (`Failed to pull image "<*>"` for `cart` and for `search`), which only a
   * miner can see. The miner reads the templates, not the lines, most frequent first (ties by text),
   * so the result depends only on the set of templates and their counts, which no cut of the input
   * changes: the incremental reader and a streamed read give the same clusters.
   */
  mergedRecords(): ClusterRecord[] {
    const all = [...this.clusters.values()];
    if (all.length < 2) return all;
    const order = [...all].sort((a, b) => b.count - a.count || (a.template < b.template ? -1 : a.template > b.template ? 1 : 0));
    const miner = new TemplateMiner({ maxTemplates: Math.max(this.maxTemplates, order.length) });
    const ids = order.map((c) => miner.add(c.template)?.id);
    const groups = miner.groups();
    const live = new Map(miner.clustersInOrder().map((c) => [c.id, c]));
    const merged = new Map<number, ClusterRecord[]>();
    order.forEach((c, i) => {
      const g = ids[i] === undefined ? -1 - i : groups.get(ids[i]!)!;
      const list = merged.get(g);
      if (list) list.push(c);
      else merged.set(g, [c]);
    });
    // In the order first seen, as records() gives them: a joined record where its earliest member was.
    const pos = new Map(all.map((c, i) => [c, i]));
    return [...merged]
      .map(([g, list]) => ({
        at: Math.min(...list.map((c) => pos.get(c)!)),
        rec: list.length === 1 ? list[0] : this.join(list, TemplateMiner.text(live.get(g)!)),
      }))
      .sort((a, b) => a.at - b.at)
      .map((x) => x.rec);
  }

  /** One record for several of one event. */
  private join(list: ClusterRecord[], template: string): ClusterRecord {
    const level = list.reduce((l, c) => (LEVEL_ORDER.indexOf(c.level) > LEVEL_ORDER.indexOf(l) ? c.level : l), list[0].level);
    const times = list.flatMap((c) => c.times).sort((a, b) => a - b);
    let stride = Math.max(...list.map((c) => c.stride));
    let kept = times;
    while (kept.length >= MAX_TIME_SAMPLES) {
      kept = kept.filter((_, i) => i % 2 === 0);
      stride *= 2;
    }
    const places = new Set<string>();
    for (const c of list) for (const p of c.places) if (places.size < MAX_PLACES) places.add(p);
    const samples = new Map<string, number>();
    let sampled = 0;
    for (const c of list) {
      for (const [text, n] of c.samples) {
        if (sampled >= MAX_SAMPLED_LINES || (!samples.has(text) && samples.size >= MAX_SAMPLE_TEXTS)) continue;
        const take = Math.min(n, MAX_SAMPLED_LINES - sampled);
        samples.set(text, (samples.get(text) ?? 0) + take);
        sampled += take;
      }
    }
    const examples = list
      .flatMap((c) => c.examples)
      .sort((a, b) => a.input - b.input || a.line - b.line)
      .slice(0, this.examplesPerTemplate);
    const min = (xs: (number | null)[], pick: (a: number, b: number) => number): number | null =>
      xs.reduce<number | null>((m, x) => (x === null ? m : m === null ? x : pick(m, x)), null);
    return {
      template,
      count: list.reduce((n, c) => n + c.count, 0),
      examples,
      level,
      times: kept,
      stride,
      timed: list.reduce((n, c) => n + c.timed, 0),
      places,
      samples,
      sampled,
      firstSeen: min(
        list.map((c) => c.firstSeen),
        Math.min,
      ),
      lastSeen: min(
        list.map((c) => c.lastSeen),
        Math.max,
      ),
    };
  }
}
