/**
 * A signature's `status` computed from facts, as Sigma's lifecycle (docs/signature-language.md,
 * "Status"): `stable` when every match rule is exercised by an example, it was found in a real excerpt
 * where it belongs and it has no known false alarm; `test` when only the real sighting is missing;
 * `experimental` otherwise (new, unproven rules, or a known false alarm). `deprecated` is an author's
 * decision and is left as written. Pure: the caller diagnoses the excerpts and passes what was found.
 */
import type { SignatureStatus } from '../../model';
import type { Catalogue } from './catalogue';
import type { CatalogueProblem } from './catalogueProblem';

/** What diagnosing one real excerpt (an eval case, an example incident) found, against its labels. */
export interface Evidence {
  /** Where the excerpt is (for the reasons). */
  source: string;
  /** Signature ids found in it. */
  found: readonly string[];
  /** Ids the excerpt is labelled with: found there, a signature is seen working. */
  expected: readonly string[];
  /** Ids that must not be found there: found there, a signature has a known false alarm. */
  falseIfFound: readonly string[] | 'all-not-expected';
}

/** The status a signature's file declares beside the one its facts give, and why. */
export interface StatusVerdict {
  id: string;
  file: string;
  /** Line of `status:` in the file. */
  line: number;
  declared: SignatureStatus;
  computed: SignatureStatus;
  /** The facts, in words. */
  why: string;
}

const UNEXERCISED = /exercised by no example/;

/**
 * Each signature's computed status. `exampleProblems` are {@link checkExamples}'s (a failing example or
 * an unexercised rule keeps a signature experimental); `evidence` the real excerpts diagnosed.
 */
export function signatureStatuses(catalogue: Catalogue, exampleProblems: readonly CatalogueProblem[], evidence: readonly Evidence[]): StatusVerdict[] {
  return catalogue.signatures.map(({ signature: s, origin }) => {
    const own = exampleProblems.filter((p) => p.file === origin.file);
    const unexercised = own.filter((p) => UNEXERCISED.test(p.message)).length;
    const failing = own.filter((p) => p.level === 'error').length;
    const seen = evidence.filter((e) => e.found.includes(s.id) && e.expected.includes(s.id)).map((e) => e.source);
    const falseAlarms = evidence
      .filter((e) => e.found.includes(s.id) && (e.falseIfFound === 'all-not-expected' ? !e.expected.includes(s.id) : e.falseIfFound.includes(s.id)))
      .map((e) => e.source);
    const reasons: string[] = [];
    if (failing) reasons.push(`${failing} example(s) not behaving as declared`);
    if (unexercised) reasons.push(`${unexercised} match rule(s) exercised by no example`);
    if (falseAlarms.length) reasons.push(`known false alarm in ${falseAlarms.join(', ')}`);
    let computed: SignatureStatus;
    if (s.status === 'deprecated') computed = 'deprecated';
    else if (reasons.length) computed = 'experimental';
    else if (seen.length === 0) {
      computed = 'test';
      reasons.push('every rule exercised, no known false alarm, not yet found in a real excerpt');
    } else {
      computed = 'stable';
      reasons.push(
        `every rule exercised, no known false alarm, found in ${seen.length} real excerpt(s) (${seen.slice(0, 3).join(', ')}${seen.length > 3 ? ', ...' : ''})`,
      );
    }
    return { id: s.id, file: origin.file, line: origin.lines.status ?? 1, declared: s.status, computed, why: reasons.join('; ') };
  });
}
