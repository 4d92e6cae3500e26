/**
 * Search over the catalogue. Signatures holding every query word (in id, title, tags, summary,
 * explanation, causes or example lines) come first, weighted by where the words are; fuse.js then
 * adds near spellings (`conntrak`, `evcted`) that no signature holds literally.
 */
import Fuse from 'fuse.js';
import type { Signature } from '../../model';
import type { Catalogue } from './catalogue';

/** One search hit. */
export interface CatalogueHit {
  /** The signature. */
  signature: Signature;
  /** 0 = perfect, 1 = no match. */
  score: number;
}

/** Fields searched, with their weight. */
const FIELDS: { weight: number; text: (s: Signature) => string }[] = [
  { weight: 6, text: (s) => s.id },
  { weight: 5, text: (s) => s.title },
  { weight: 3, text: (s) => (s.tags ?? []).join(' ') },
  { weight: 2, text: (s) => s.summary },
  { weight: 1, text: (s) => s.examples.match.map((e) => e.text).join('\n') },
  { weight: 1, text: (s) => s.causes.join('\n') },
  { weight: 0.5, text: (s) => s.explanation },
];
const FUZZY_CUTOFF = 0.45;

/** Does `word` start a word of `text` (`oom` in `OOMKilled` and `pod-oom`, not in `room`)? */
function startsWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (i === 0 || !/[a-z0-9]/.test(text[i - 1])) return true;
  }
  return false;
}

interface Indexed {
  fuse: Fuse<Signature>;
  lowered: { signature: Signature; fields: string[] }[];
}
const cache = new WeakMap<Catalogue, Indexed>();

function index(catalogue: Catalogue): Indexed {
  let ix = cache.get(catalogue);
  if (!ix) {
    const list = catalogue.signatures.map((s) => s.signature);
    ix = {
      fuse: new Fuse(list, {
        includeScore: true,
        ignoreLocation: true,
        threshold: FUZZY_CUTOFF,
        keys: [
          { name: 'id', weight: 3 },
          { name: 'title', weight: 3 },
          { name: 'tags', weight: 2 },
          { name: 'summary', weight: 1.5 },
          { name: 'examples.match.text', weight: 1 },
          { name: 'causes', weight: 0.5 },
          { name: 'explanation', weight: 0.5 },
        ],
      }),
      lowered: list.map((signature) => ({ signature, fields: FIELDS.map((f) => f.text(signature).toLowerCase()) })),
    };
    cache.set(catalogue, ix);
  }
  return ix;
}

/** Search the catalogue; best first. An empty query lists nothing. */
export function searchCatalogue(catalogue: Catalogue, query: string, limit = 20): CatalogueHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const ix = index(catalogue);
  const exact: { signature: Signature; weight: number }[] = [];
  for (const { signature, fields } of ix.lowered) {
    let weight = 0;
    let all = true;
    for (const w of words) {
      let best = 0;
      fields.forEach((f, i) => {
        if (startsWord(f, w)) best = Math.max(best, FIELDS[i].weight);
      });
      if (best === 0) {
        all = false;
        break;
      }
      weight += best;
    }
    if (all) exact.push({ signature, weight });
  }
  exact.sort((a, b) => b.weight - a.weight || a.signature.id.localeCompare(b.signature.id));
  const top = words.length * FIELDS[0].weight;
  const hits: CatalogueHit[] = exact.map((e) => ({ signature: e.signature, score: Math.round((1 - e.weight / top) * 0.5 * 1000) / 1000 }));
  const seen = new Set(hits.map((h) => h.signature.id));
  for (const r of ix.fuse.search(query, { limit: limit * 2 })) {
    if (!seen.has(r.item.id) && (r.score ?? 1) <= FUZZY_CUTOFF) hits.push({ signature: r.item, score: 0.5 + (r.score ?? 1) / 2 });
  }
  return hits.slice(0, limit);
}
