/**
 * Grammar faults as the user sees them: a bug in a grammar (an error thrown past the grammars' one
 * boundary, grammars/common/faults.ts) becomes a warning notice on the input that was being read, so
 * it is visible instead of silently turning lines into "not a header".
 *
 * The grammars record faults in one module-level list (a grammar is a plain object shared by every
 * analysis); each input takes what was recorded while it was read. Two analyses interleaved in one
 * process (the extension's sliced analyses) may see each other's faults: acceptable for what is a bug
 * report, and never a fault lost.
 */
import type { InputNotice } from '../../model';
import { takeGrammarFaults, type GrammarFault } from '../../../grammars/common/faults';

export { addGrammarFaults, takeGrammarFaults, type GrammarFault } from '../../../grammars/common/faults';

const WHAT_HAPPENED: Record<string, string> = {
  parseHead: 'kept whole as events of their own',
  detect: 'not counted as this format',
  readPayload: 'kept with their message as written',
};

function describe(f: GrammarFault): string {
  return `${f.grammar} ${f.entry}: "${f.message}" on a line starting ${JSON.stringify(f.line.slice(0, 60))}`;
}

/** The notice for the faults recorded since the last call, or undefined when there were none. Clears the record. */
export function grammarFaultNotice(): InputNotice | undefined {
  const { faults, total } = takeGrammarFaults();
  if (total === 0) return undefined;
  const first = faults[0];
  const others = new Set(faults.slice(1).map((f) => `${f.grammar} ${f.entry}`));
  others.delete(`${first.grammar} ${first.entry}`);
  const also = others.size > 0 ? ` (also in ${[...others].join(', ')})` : '';
  const outcome = WHAT_HAPPENED[first.entry] ?? 'read as no match';
  return {
    level: 'warning',
    message: `internal error in a grammar on ${total} line${total === 1 ? '' : 's'}, first ${describe(first)}${also}: those lines were ${outcome}. Please report this with the line.`,
  };
}
