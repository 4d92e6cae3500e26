/**
 * Multi-step rules (`A THEN B WITHIN 10m ON SAME node`): pairs the step matches collected for each
 * rule into chains and records each complete chain as an occurrence of the signature, placed on the
 * event that completes it (the last step: `pod X is evicted successfully` after `must evict pod(s)`),
 * with the captures of every step and the text of each.
 */
import type { Occurrence } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import type { StepLink } from '../rules/ruleAst';
import type { RunCollector } from './collector';

function sameValue(o: Occurrence, field: string): string | undefined {
  switch (field) {
    case 'node':
      return o.refs.node ?? o.host;
    case 'host':
      return o.host ?? o.refs.node;
    case 'input':
      return String(o.input);
    default:
      return (o.refs as Record<string, string | undefined>)[field] ?? o.captures[field];
  }
}

/** Does `b` follow `a` as `link` demands? (The caller makes sure they are two events.) */
export function follows(a: Occurrence, b: Occurrence, link: StepLink): boolean {
  if (a.timestamp !== null && b.timestamp !== null) {
    const gap = b.timestamp - a.timestamp;
    if (gap < 0 || gap > link.withinMs) return false;
  } else if (a.input !== b.input || b.line <= a.line) {
    return false;
  }
  for (const f of link.same) {
    const va = sameValue(a, f);
    if (va === undefined || va !== sameValue(b, f)) return false;
  }
  return true;
}

/** Combine step matches into chain occurrences on the collector. */
export function combineChains(catalogue: Catalogue, collector: RunCollector): void {
  for (const [key, lists] of collector.stepMatches) {
    const [sig, rule] = key.split('.').map(Number);
    const links = catalogue.signatures[sig].match[rule].links;
    // Extend partial chains step by step; each chain keeps its occurrences.
    let chains: Occurrence[][] = lists[0].map((o) => [o]);
    for (let s = 1; s < lists.length; s++) {
      const next: Occurrence[][] = [];
      for (const chain of chains) {
        const tail = chain[chain.length - 1];
        const b = lists[s].find((o) => (o.input !== tail.input || o.line !== tail.line) && follows(tail, o, links[s - 1]));
        if (b) next.push([...chain, b]);
      }
      chains = next;
    }
    const used = new Set<string>();
    for (const chain of chains) {
      const last = chain[chain.length - 1];
      const id = `${last.input}:${last.line}`;
      if (used.has(id)) continue;
      used.add(id);
      const captures = Object.assign({}, ...chain.map((o) => o.captures)) as Record<string, string>;
      const refs = Object.assign({}, ...chain.map((o) => o.refs));
      // This line first (it is where the mark is), then the steps that led to it.
      const text = [last, ...chain.slice(0, -1).reverse()].map((o) => o.text.split('\n', 1)[0]).join('\n  … after …\n');
      collector.record(sig, { ...last, captures, refs, text }, chain[chain.length - 2]);
    }
  }
}
