/**
 * What an incident is made of, as the diagnose and postmortem commands read it: the active
 * document (or its selection), the clipboard, or several files that are one incident. This file
 * puts the steps together (ask or take arguments: incidentRequest.ts; read: gatherSources.ts; run
 * the engine: runDiagnosis.ts) and words a failed run; the types are in incidentSource.ts.
 */
import { InputFailure } from '../../core';
import { errnoWords } from '../../node/errnoWords';
import type { Services } from '../services';
import { gatherSources } from './gatherSources';
import { pickRequest, requestFromArgs } from './incidentRequest';
import type { IncidentRun } from './incidentSource';
import { runDiagnosis } from './runDiagnosis';

/** Ask (when there are no arguments), read and diagnose. Undefined when cancelled or nothing to read. */
export async function diagnoseIncident(services: Services, args: readonly unknown[], title: string): Promise<IncidentRun | undefined> {
  const request = requestFromArgs(args) ?? (await pickRequest(title));
  if (!request) return undefined;
  const sources = await gatherSources(request);
  if (!sources) return undefined;
  const diagnosis = await runDiagnosis(services, sources);
  return diagnosis ? { diagnosis, sources } : undefined;
}

/**
 * What a failed run says: a file that could not be read, in words; anything else is a bug, said
 * with the input it was reading and where its details are, never as a stack trace.
 */
export function failureMessage(err: unknown): string {
  const input = err instanceof InputFailure ? err.input : undefined;
  const e = (err instanceof InputFailure ? err.error : err) as NodeJS.ErrnoException;
  if (input && typeof e?.code === 'string' && typeof e.path === 'string') return `cannot read ${input}: ${errnoWords(e)}.`;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return `internal error${input ? ` while reading ${input}` : ''} (${what}). This is a bug in Postmortem Lens, not in your logs: please report it with the details from Output > Postmortem Lens.`;
}
