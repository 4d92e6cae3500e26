/**
 * Reading Elasticsearch / OpenSearch answers: an error answer's text and what to do about it (by the
 * documented exception names), and sort values kept exact for `search_after`.
 */

/** An Elasticsearch error answer: `type: reason` of its root cause (or of the error itself), else the body. */
export function elasticErrorText(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: { type?: string; reason?: string; root_cause?: { type?: string; reason?: string }[] } | string };
    const e = j?.error;
    if (typeof e === 'string') return e;
    const c = e?.root_cause?.[0]?.reason ? e.root_cause[0] : e;
    if (c?.reason) return `${c.type ? `${c.type}: ` : ''}${c.reason}`;
  } catch {
    /* a text answer (a proxy's) */
  }
  return body.trim();
}

/** What to do about a refused request, by the error's type (documented exception names), else undefined. */
export function elasticQueryAdvice(text: string): string | undefined {
  if (/index_not_found_exception/.test(text)) return 'no index, alias or data stream matches --index';
  if (/too_many_(nested_)?clauses|maxClauseCount/i.test(text))
    return "more clauses than the store's indices.query.bool.max_clause_count: raise it, or lower --es-max-clauses";
  if (/too_many_buckets/.test(text)) return "more groups than the store's search.max_buckets: narrow --query or --since/--until";
  if (/fielddata|Text fields are not optimised|not aggregatable/i.test(text)) return 'the --by field must be a keyword field';
  if (/query_string|query_shard_exception|parse_exception|Failed to parse query/i.test(text)) return 'is --query valid query_string (Lucene) syntax?';
  return undefined;
}

/**
 * An answer's `sort` values with integers past 2^53 kept as strings: `_shard_doc` and a `date_nanos`
 * timestamp are longs a double would round, and `search_after` must send them back exactly (the API
 * parses a string for a numeric sort). Only bare integers of 16+ digits inside a `"sort":[...]` are
 * touched; JSON.parse has no big-integer mode in Node 20.
 */
export function keepSortIntegers(body: string): string {
  return body.replace(
    /("sort"\s*:\s*\[)([^\]]*)\]/g,
    (_, head: string, inner: string) => `${head}${inner.replace(/(^|,)\s*(-?\d{16,})\s*(?=,|$)/g, '$1"$2"')}]`,
  );
}
