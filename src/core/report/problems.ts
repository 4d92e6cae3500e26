/**
 * The rows of an editor's Problems panel for a diagnosis: per occurrence, its message (the signature's
 * headline filled with this occurrence's values and its time) and its related information (the cause
 * and effect lines of the root causes' chains, each in words). Computed once per analysis, where the
 * analysis runs (the extension's worker thread): for a 20 MB log's 16,000 occurrences and 26,000
 * links it is a few hundred ms, which the editor's thread must not spend.
 */
import type { Diagnosis, Occurrence } from '../../model';
import { occurrenceHeadline } from '../diagnose/renderTemplate';
import { relatedOccurrences } from '../diagnose/related';

/** A related line: the occurrence at `occurrence` of the finding at `finding` (indices into the diagnosis). */
export interface ProblemLink {
  finding: number;
  occurrence: number;
  /** `caused by: ...` or `leads to: ...`, with the signature id. */
  message: string;
}

/** One occurrence's Problems row. */
export interface OccurrenceProblem {
  message: string;
  related: ProblemLink[];
}

/**
 * Per finding, per occurrence (parallel to `d.findings[i].occurrences`), its Problems row.
 * `headlineOf` gives a signature's headline template; `clean` is applied to every text taken from the
 * log (redaction, when on). `memo` keeps the words of occurrences from one call to the next (an edited
 * log's next analysis has nearly the same occurrences): keyed by signature, time, text, captures and
 * object references, which are all the words depend on, so the caller keeps one memo per `headlineOf` and `clean`.
 */
export function occurrenceProblems(
  d: Diagnosis,
  headlineOf: (id: string) => string | undefined,
  clean: (text: string) => string,
  memo = new Map<string, string>(),
): OccurrenceProblem[][] {
  const related = relatedOccurrences(d);
  const where = new Map<Occurrence, [number, number]>();
  d.findings.forEach((f, i) => f.occurrences.forEach((o, k) => where.set(o, [i, k])));
  // Many occurrences point at the same cause: its words are made once.
  const words = new Map<Occurrence, string>();
  return d.findings.map((f) => {
    const headline = headlineOf(f.signatureId);
    return f.occurrences.map((o) => {
      // With its time: two GC cycles that wanted the same bytes are still two rows one can tell apart.
      const key = `${f.signatureId}\u0000${o.timestamp}\u0000${o.text}\u0000${JSON.stringify(o.captures)}\u0000${JSON.stringify(o.refs)}`;
      let message = memo.get(key);
      if (message === undefined) {
        message = clean(occurrenceHeadline(headline, f.title, o, { time: true }));
        memo.set(key, message);
      }
      const links: ProblemLink[] = [];
      for (const r of related(f, o)) {
        const at = where.get(r.occurrence);
        if (!at) continue;
        let what = words.get(r.occurrence);
        if (what === undefined) {
          what = clean(occurrenceHeadline(headlineOf(r.finding.signatureId), r.finding.title, r.occurrence));
          words.set(r.occurrence, what);
        }
        links.push({ finding: at[0], occurrence: at[1], message: `${r.role === 'cause' ? 'caused by' : 'leads to'}: ${what} [${r.finding.signatureId}]` });
      }
      return { message, related: links };
    });
  });
}
