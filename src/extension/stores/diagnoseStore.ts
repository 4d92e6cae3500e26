/**
 * `postmortemLens.diagnoseStore` ("Diagnose from Log Store..."): read a window of a Loki or ClickHouse
 * connection (postmortemLens.logStores) and diagnose it like files. The store runs the catalogue's
 * prefilter (core/logstore: the same filter and queries as `postmortem-lens diagnose --loki/--clickhouse`)
 * and returns only candidate lines; each stream (Loki) or service and host (ClickHouse) opens as a
 * read-only document (`postmortem-lens:/store/<connection>/<source>.log`) that the editor features
 * analyse, and the Diagnosis view shows the run, with the store's notices (fewer lines fetched than
 * matched, a filter it could not apply) on the inputs.
 *
 * From the palette it asks connection -> window -> query/condition; with an argument
 * `{ connection, since?, until?, query?, where? }` (since/until: a time with its zone or a duration ago;
 * default the last hour) it asks nothing (except a password not yet kept) and returns
 * `{ diagnosis?, documents, notices, failure? }`.
 */
import * as vscode from 'vscode';
import { pushdownFilter, readCandidates, storeInputs, type Diagnosis, type InputNotice } from '../../core';
import { COMMAND } from '../commandIds';
import type { IncidentSource } from '../commands/incidentSource';
import { runDiagnosis } from '../commands/runDiagnosis';
import { CLUSTER_SCHEME } from '../commands/clusterDocuments';
import { DiagnosisPanel } from '../panels/diagnosisPanel';
import { outgoingDocument } from '../redaction';
import type { Services } from '../services';
import { pickConnection, pickNarrowing, pickWindow, type ChosenWindow } from './pickStoreRequest';
import { editorWords, openSource, readConnections, storeFailure, withStoreProgress, type StoreFailureResult } from './storeAccess';
import { parseWhen, pathSegment, windowLabel, windowOf, type StoreConnection, type StoreNarrowing } from './storeConnections';
import type { StoreSecrets } from './storeSecrets';

/** The command's argument (from the Fleet view's drill-down, or a test). */
export interface StoreRunArgs {
  /** Connection name. */
  connection: string;
  /** Start of the window: a time with its zone, or a duration ago (default `1h`). */
  since?: string;
  /** End of the window (default now). */
  until?: string;
  /** Loki: the LogQL log query; Elasticsearch: the query_string (default the connection's). */
  query?: string;
  /** ClickHouse: the SQL condition (default the connection's). */
  where?: string;
}

/** What the command returns. */
export interface StoreRunResult {
  diagnosis?: Diagnosis;
  /** One read-only document per input, in the diagnosis's input order. */
  documents: vscode.Uri[];
  /** The store's notices (truncation, unfiltered signatures), as the inputs carry them. */
  notices: InputNotice[];
  /** Candidate lines fetched. */
  fetched: number;
  /** Set when nothing could be read (or the user cancelled). */
  failure?: StoreFailureResult;
}

const TITLE = 'Postmortem Lens: Diagnose from Log Store';

/** Register the command. */
export function registerDiagnoseStoreCommand(services: Services, secrets: StoreSecrets): vscode.Disposable[] {
  const run = async (arg?: StoreRunArgs): Promise<StoreRunResult | undefined> => {
    try {
      const connections = readConnections(services);
      let request: { connection: StoreConnection; window: ChosenWindow; narrowing: StoreNarrowing } | undefined;
      if (arg && typeof arg === 'object' && typeof arg.connection === 'string') {
        const given = requestFromArgs(arg, connections);
        if ('error' in given) {
          void vscode.window.showErrorMessage(`${TITLE}: ${given.error}.`);
          return undefined;
        }
        request = given;
      } else {
        const connection = await pickConnection(connections, `${TITLE} (1/3)`);
        const window = connection && (await pickWindow(`${TITLE} (2/3): ${connection.name}`));
        const narrowing = connection && window && (await pickNarrowing(connection, `${TITLE} (3/3): ${connection.name}`));
        if (connection && window && narrowing) request = { connection, window, narrowing };
      }
      if (!request) return undefined;
      return await readAndDiagnose(services, secrets, request.connection, request.window, request.narrowing);
    } catch (err) {
      // Store failures are classed and shown where they happen: this is a bug or the engine (no credentials in it).
      services.log.appendLine((err as Error).stack ?? String(err));
      void vscode.window.showErrorMessage(`${TITLE}: failed: ${(err as Error).message}`);
      return undefined;
    }
  };
  return [vscode.commands.registerCommand(COMMAND.diagnoseStore, run)];
}

/** The request an argument names. */
function requestFromArgs(
  arg: StoreRunArgs,
  connections: readonly StoreConnection[],
): { connection: StoreConnection; window: ChosenWindow; narrowing: StoreNarrowing } | { error: string } {
  const connection = connections.find((c) => c.name === arg.connection);
  if (!connection) return { error: `no connection "${arg.connection}" in postmortemLens.logStores` };
  const now = new Date();
  const since = parseWhen(arg.since ?? '1h', now);
  const until = parseWhen(arg.until ?? '0s', now);
  if ('error' in since || 'error' in until) return { error: `the window: ${('error' in since ? since : (until as { error: string })).error}` };
  if (until <= since) return { error: 'the window ends before it starts' };
  return { connection, window: { since, until }, narrowing: { query: arg.query, where: arg.where } };
}

/** Fetch under a cancellable progress notification, open the documents, diagnose, show. */
async function readAndDiagnose(
  services: Services,
  secrets: StoreSecrets,
  c: StoreConnection,
  w: ChosenWindow,
  narrowing: StoreNarrowing,
): Promise<StoreRunResult> {
  const opened = await openSource(c, secrets, narrowing);
  if (!('source' in opened)) return { documents: [], notices: [], fetched: 0, failure: opened };
  const { source } = opened;
  const window = windowOf(w.since, w.until);
  const filter = pushdownFilter(services.catalogues.catalogue);
  let fetch;
  let signal: AbortSignal | undefined;
  try {
    fetch = await withStoreProgress(`Postmortem Lens: reading ${c.name} (${windowLabel(w.since, w.until)})`, (s, report) => {
      signal = s;
      report('fetching candidate lines');
      return readCandidates(services.catalogues.catalogue, source, filter, window, 'auto', s, report);
    });
  } catch (err) {
    return { documents: [], notices: [], fetched: 0, failure: storeFailure(services, secrets, c, err, signal) };
  } finally {
    await source.close?.();
  }
  const notices = fetch.notices.map((n) => ({ ...n, message: editorWords(n.message) }));
  for (const n of notices) services.log.appendLine(`[log stores] ${n.level}: ${n.message}`);
  if (fetch.lines.length === 0) {
    void vscode.window.showInformationMessage(
      `Postmortem Lens: ${c.name}: no candidate lines between ${windowLabel(w.since, w.until)}.${notices.length ? ` ${notices.map((n) => n.message).join(' ')}` : ''}`,
    );
    return { documents: [], notices, fetched: 0 };
  }
  const inputs = storeInputs(source.label, { ...fetch, notices });
  const seen = new Set<string>();
  const uris = inputs.map((i) => {
    const base = `/store/${pathSegment(c.name)}/${pathSegment(i.name.slice(source.label.length + 1))}`;
    let p = `${base}.log`;
    for (let n = 2; seen.has(p); n++) p = `${base}-${n}.log`;
    seen.add(p);
    return vscode.Uri.from({ scheme: CLUSTER_SCHEME, path: p });
  });
  // Shown and shared like any output: redacted (line count kept) before the editor and the diagnosis see them.
  const texts = inputs.map((i) => outgoingDocument(Buffer.concat(i.chunks as Uint8Array[]).toString('utf8')));
  services.fetched.publish(inputs.map((_, n) => ({ uri: uris[n], text: texts[n] })));
  const sources: IncidentSource[] = inputs.map((i, n) => ({
    name: i.name,
    uri: uris[n],
    text: texts[n],
    lineOffset: 0,
    large: false,
    year: w.until.getUTCFullYear(),
    notices: i.notices,
  }));
  const cut = notices.find((n) => n.level === 'warning');
  if (cut) void vscode.window.showWarningMessage(`Postmortem Lens: ${cut.message}`);
  const diagnosis = await runDiagnosis(services, sources);
  if (!diagnosis) return { documents: uris, notices, fetched: fetch.candidates };
  DiagnosisPanel.show(services.context.extensionUri, { diagnosis, sources, catalogue: services.catalogues.catalogue });
  return { diagnosis, documents: uris, notices, fetched: fetch.candidates };
}
