/**
 * The one failure boundary of the grammars. A grammar never throws for any input line (the
 * {@link LogGrammar} contract): errors in the text come back as values (see parseLine.ts). What still
 * throws is a bug in a grammar, and it must neither crash an analysis nor vanish: before this
 * boundary, thirteen `catch {}` blocks turned such a bug into "not a header", silently.
 *
 * {@link defineGrammar} wraps a grammar's entry points once, at its definition. A throw is recorded
 * here as a {@link GrammarFault} (which grammar, which entry point, the error's message and the start
 * of the line that caused it), and the call answers as if the line were no match for `detect`, or as
 * an event of its own holding the whole line for `parseHead`, so nothing of the line is lost.
 * Adapters and the engine read the record with {@link takeGrammarFaults} and tell the user.
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';

/** One thrown error caught at the boundary. */
export interface GrammarFault {
  /** The grammar's kind (`klog`, `syslog` ...) or the payload reader's name (`logrus payload`). */
  grammar: string;
  /** The entry point that threw: `detect`, `parseHead`, `stageStart`, `startsOwnEvent`, `payload`. */
  entry: string;
  /** The error's message (its class name when it has none). */
  message: string;
  /** The first {@link LINE_SAMPLE_CHARS} characters of the line that caused it. */
  line: string;
}

/** Faults kept in detail; later ones are only counted (a bug usually throws on every line alike). */
export const MAX_KEPT_FAULTS = 20;
/** How much of the offending line a fault keeps. */
export const LINE_SAMPLE_CHARS = 120;

let kept: GrammarFault[] = [];
let total = 0;

/** Record a fault (the boundary's own use; exported for payload readers guarded by {@link guardGrammar}). */
export function recordGrammarFault(grammar: string, entry: string, error: unknown, line: string): void {
  total++;
  if (kept.length >= MAX_KEPT_FAULTS) return;
  const message = error instanceof Error ? error.message || error.name : String(error);
  kept.push({ grammar, entry, message, line: line.slice(0, LINE_SAMPLE_CHARS) });
}

/** The faults recorded since the last call (the first {@link MAX_KEPT_FAULTS}) and how many there were; clears the record. */
export function takeGrammarFaults(): { faults: GrammarFault[]; total: number } {
  const out = { faults: kept, total };
  kept = [];
  total = 0;
  return out;
}

/** Record faults taken elsewhere (a worker thread's, sent back with its block), as if they had happened here. */
export function addGrammarFaults(taken: { faults: readonly GrammarFault[]; total: number }): void {
  for (const f of taken.faults) if (kept.length < MAX_KEPT_FAULTS) kept.push(f);
  total += taken.total;
}

/** How many faults are recorded and not yet taken (cheap: for a caller that only takes when there are some). */
export function pendingGrammarFaults(): number {
  return total;
}

/**
 * `fn` behind the boundary: a throw is recorded against `grammar`/`entry` and `fallback` answers
 * instead. The first argument of `fn` must be the line (or text) read, for the record.
 */
export function guardGrammar<A extends [string, ...unknown[]], R>(
  grammar: string,
  entry: string,
  fn: (...args: A) => R,
  fallback: (...args: A) => R,
): (...args: A) => R {
  return (...args: A): R => {
    try {
      return fn(...args);
    } catch (error) {
      recordGrammarFault(grammar, entry, error, args[0]);
      return fallback(...args);
    }
  };
}

const noMatch = (): number => 0;
const ownEvent = (line: string): ParsedHead => ({ timestamp: null, message: line });
const noStage = (): undefined => undefined;
const continues = (): boolean => false;

/** A grammar with every entry point behind the boundary. Each grammar's index.ts exports one. */
export function defineGrammar(format: LogGrammar): LogGrammar {
  const { kind } = format;
  return {
    ...format,
    detect: guardGrammar(kind, 'detect', format.detect, noMatch),
    parseHead: guardGrammar<[string, ParseContext], ParsedHead | null>(kind, 'parseHead', format.parseHead, ownEvent),
    ...(format.stageStart ? { stageStart: guardGrammar(kind, 'stageStart', format.stageStart, noStage) } : {}),
    ...(format.startsOwnEvent ? { startsOwnEvent: guardGrammar(kind, 'startsOwnEvent', format.startsOwnEvent, continues) } : {}),
  };
}
