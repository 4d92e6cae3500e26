/**
 * What "Diagnose from Log Store..." and the Fleet view share: the connections of the setting (problems
 * said, never dropped silently), a connection opened as the adapter's source with its secret, work
 * under a cancellable progress notification (cancel aborts the store's requests), and a store failure
 * told in the core's words with what to do next ("Forget Credentials", "Edit Connection" on 401/403).
 */
import * as vscode from 'vscode';
import type { FleetPatterns, FleetTable, LogStoreSource, TimeWindow } from '../../core';
import { loadLogstores } from '../../node/loadLogstores';
import type { Services } from '../services';
import { parseConnections, sourceSpec, type StoreConnection, type StoreNarrowing } from './storeConnections';
import type { StoreSecrets } from './storeSecrets';

/** The setting that holds the connections. */
export const STORE_SETTING = 'postmortemLens.logStores';

/** A source that counts the fleet itself (ClickHouse, Elasticsearch; Loki's count is `lokiFleetCounts`). */
export interface FleetCounting {
  fleetCounts(fp: FleetPatterns, by: never, window: TimeWindow, signal?: AbortSignal): Promise<FleetTable & { queries?: number }>;
}

/** An opened source; `close` frees its sockets. */
export interface OpenedSource {
  source: LogStoreSource & Partial<FleetCounting> & { close?: () => Promise<void> };
  connection: StoreConnection;
}

/** How a store read ended when it gave nothing to show. */
export interface StoreFailureResult {
  /** `unauthorized`, `forbidden`, `unreachable`, `timeout`, `rate-limited`, `query` ..., or `cancelled`. */
  failure: string;
  /** The message the user was shown (redacted by the adapter). */
  message: string;
}

/** The connections of the setting; problems go to the output channel and a warning. */
export function readConnections(services: Services): StoreConnection[] {
  const { connections, problems } = parseConnections(vscode.workspace.getConfiguration().get(STORE_SETTING));
  if (problems.length) {
    for (const p of problems) services.log.appendLine(`[log stores] ${p}`);
    void vscode.window
      .showWarningMessage(
        `Postmortem Lens: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more problem(s), see the output)` : ''}`,
        'Edit Connections',
      )
      .then((c) => {
        if (c) void editConnections();
      });
  }
  return connections;
}

/** Open the settings at the connections (a list of objects is edited in settings.json). */
export function editConnections(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', STORE_SETTING);
}

/**
 * The connection as a source, with its secret (asked once when none is kept). Undefined when the user
 * backed out of the password box, or the spec is refused (a bad query or table: shown here).
 */
export async function openSource(c: StoreConnection, secrets: StoreSecrets, narrowing: StoreNarrowing): Promise<OpenedSource | StoreFailureResult> {
  const { secret, cancelled } = await secrets.get(c);
  if (cancelled) return { failure: 'cancelled', message: 'no credentials given' };
  const { ClickHouseSource, ElasticSource, LokiSource, StoreError } = loadLogstores();
  const s = sourceSpec(c, secret, narrowing);
  try {
    const source = s.kind === 'clickhouse' ? new ClickHouseSource(s.spec) : s.kind === 'elasticsearch' ? new ElasticSource(s.spec) : new LokiSource(s.spec);
    return { source: source as OpenedSource['source'], connection: c };
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    // The adapters' messages name CLI options; here the same thing is a field of the connection.
    const message = `${c.name}: ${editorWords(err.message)}`;
    void vscode.window.showErrorMessage(`Postmortem Lens: ${message}`, 'Edit Connection').then((a) => {
      if (a) void editConnections();
    });
    return { failure: err.failure, message };
  }
}

/** The store reads under way: what their notifications' Cancel does (the tests' hook does the same). */
const reading = new Set<AbortController>();

/** Cancel every store read under way, as their notifications' Cancel button does. Returns how many. */
export function cancelStoreReads(): number {
  const n = reading.size;
  for (const a of reading) a.abort();
  return n;
}

/** Run `work` under a cancellable notification; cancel aborts its signal. */
export function withStoreProgress<T>(title: string, work: (signal: AbortSignal, report: (message: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    reading.add(abort);
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      return await work(abort.signal, (message) => progress.report({ message }));
    } finally {
      sub.dispose();
      reading.delete(abort);
    }
  });
}

/**
 * A failed store request as the user reads it: the adapter's message (classed, redacted), with
 * "Forget Credentials" and "Edit Connection" when the store refused the login or the access.
 * A cancel is an information message. Anything else than a store error is rethrown (a bug).
 */
export function storeFailure(services: Services, secrets: StoreSecrets, c: StoreConnection, err: unknown, signal?: AbortSignal): StoreFailureResult {
  const { StoreError } = loadLogstores();
  if (!(err instanceof StoreError)) {
    if (signal?.aborted) return cancelledResult(c);
    throw err;
  }
  if (err.failure === 'cancelled' || signal?.aborted) return cancelledResult(c);
  services.log.appendLine(`[log stores] ${c.name}: ${err.message}`);
  const message = editorWords(err.message);
  const refused = err.failure === 'unauthorized' || err.failure === 'forbidden';
  const actions = refused ? (c.auth === 'none' ? ['Edit Connection'] : ['Forget Credentials', 'Edit Connection']) : ['Show Log'];
  void vscode.window.showErrorMessage(`Postmortem Lens: ${message}`, ...actions).then(async (a) => {
    if (a === 'Forget Credentials') {
      await secrets.forget(c.name);
      void vscode.window.showInformationMessage(`Postmortem Lens: the credentials of ${c.name} are forgotten; they are asked at the next read.`);
    } else if (a === 'Edit Connection') void editConnections();
    else if (a === 'Show Log') services.log.show(true);
  });
  return { failure: err.failure, message };
}

/** The adapters' advice names the CLI's options; in the editor the same things are the window and the connection's fields. */
export function editorWords(message: string): string {
  return message
    .replace(/--since\/--until/g, 'the window')
    .replace(/--store-timeout/g, "the connection's timeoutSeconds")
    .replace(/--store-limit/g, "the connection's limit")
    .replace(/--where/g, 'the condition')
    .replace(/--query/g, 'the query')
    .replace(/--table/g, 'the table')
    .replace(/--index/g, "the connection's index")
    .replace(/--es-field/g, "the connection's field");
}

function cancelledResult(c: StoreConnection): StoreFailureResult {
  void vscode.window.showInformationMessage(`Postmortem Lens: reading ${c.name} was cancelled.`);
  return { failure: 'cancelled', message: 'cancelled' };
}
