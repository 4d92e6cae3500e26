/**
 * Clusters unmatched error lines into templates (variable parts -> `<*>`), in the spirit of Drain:
 * numbers, hex ids, IPs, durations, quoted strings and generated pod-name suffixes are masked, so
 * `dial tcp 10.0.0.7:443: i/o timeout` and `dial tcp 10.0.0.9:443: i/o timeout` are one template.
 */
import type { LogEvent, UnknownErrorCluster } from '../../model';

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

/** The template of a message (first line, at most 300 characters). */
export function templateOf(message: string): string {
  let t = message.split('\n', 1)[0].slice(0, 300).trim();
  for (const [re, rep] of MASKS) t = t.replace(re, rep);
  return t.replace(/(?:<\*>[\s,:/.-]*){2,}/g, '<*> ').replace(/\s+/g, ' ').trim();
}

/** Accumulates templates with counts, bounded. */
export class TemplateClusterer {
  private readonly clusters = new Map<string, UnknownErrorCluster>();
  /** Lines that did not fit once the template limit was reached. */
  overflow = 0;

  constructor(private readonly maxTemplates = 2_000, private readonly examplesPerTemplate = 3) {}

  /** Add an event; `template` when the caller already knows it (an incremental re-merge). */
  add(e: LogEvent, template = templateOf(e.message)): void {
    if (template === '') return;
    let c = this.clusters.get(template);
    if (!c) {
      if (this.clusters.size >= this.maxTemplates) { this.overflow++; return; }
      c = { template, count: 0, examples: [], firstSeen: null };
      this.clusters.set(template, c);
    }
    c.count++;
    if (e.timestamp !== null && (c.firstSeen === null || e.timestamp < c.firstSeen)) c.firstSeen = e.timestamp;
    if (c.examples.length < this.examplesPerTemplate) c.examples.push({ input: e.input, line: e.line, text: e.text.length > 500 ? e.text.slice(0, 500) + ' …' : e.text });
  }

  /** Clusters, most frequent first. */
  result(limit = 50): UnknownErrorCluster[] {
    return [...this.clusters.values()].sort((a, b) => b.count - a.count || (a.firstSeen ?? 0) - (b.firstSeen ?? 0)).slice(0, limit);
  }
}
