/** Fuzzy search over the catalogue (titles, ids, summaries, explanations, tags, example lines) with fuse.js. */
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

const cache = new WeakMap<Catalogue, Fuse<Signature>>();

/** Search the catalogue; best first. */
export function searchCatalogue(catalogue: Catalogue, query: string, limit = 20): CatalogueHit[] {
  let fuse = cache.get(catalogue);
  if (!fuse) {
    fuse = new Fuse(catalogue.signatures.map((s) => s.signature), {
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.4,
      keys: [
        { name: 'id', weight: 3 },
        { name: 'title', weight: 3 },
        { name: 'tags', weight: 2 },
        { name: 'summary', weight: 1.5 },
        { name: 'examples.match.text', weight: 1 },
        { name: 'explanation', weight: 0.5 },
      ],
    });
    cache.set(catalogue, fuse);
  }
  return fuse.search(query, { limit }).map((r) => ({ signature: r.item, score: r.score ?? 0 }));
}
