/**
 * Run the engine over an incident's sources: the incident's year first (from dated lines, else file
 * times), then small inputs through `diagnoseTexts`, and when any input is large every input through
 * `diagnoseStreams`, the large files streamed from disk with a cancellable progress notification.
 */
import * as vscode from 'vscode';
import { DiagnosisCancelled, diagnoseStreams, diagnoseTexts, planYears, YEAR_HEAD_CHARS, type Diagnosis, type StreamInput } from '../../core';
import { fileBytes, logBytes } from '../../node/logFiles';
import type { Services } from '../services';
import type { IncidentSource } from './incidentSource';
import { readHead } from './logFilePick';

/** The head of a source its year is read from. */
async function headOf(s: IncidentSource): Promise<string> {
  if (s.text !== undefined) return s.text.slice(0, YEAR_HEAD_CHARS);
  return (await readHead(s.uri as vscode.Uri, YEAR_HEAD_CHARS)) ?? '';
}

/** Run the engine over the sources. Undefined when the user cancelled. */
export async function runDiagnosis(services: Services, sources: IncidentSource[]): Promise<Diagnosis | undefined> {
  const catalogue = services.catalogues.catalogue;
  // The incident's own year (dated lines in any input) beats file times for logs that omit it.
  const thisYear = new Date().getUTCFullYear();
  const planned = planYears(
    await Promise.all(sources.map((s) => headOf(s))),
    sources.map((s) => s.year),
    thisYear,
  );
  sources.forEach((s, i) => {
    s.year = planned[i];
  });
  const defaultYear = planned.length ? Math.max(...planned) : thisYear;
  if (!sources.some((s) => s.large)) {
    const diagnosis = diagnoseTexts(
      catalogue,
      sources.map((s) => ({ name: s.name, text: s.text ?? '', kind: s.kind, defaultYear: s.year })),
      { defaultYear },
    );
    sources.forEach((s, i) => {
      if (s.notices?.length) diagnosis.inputs[i]?.notices.unshift(...s.notices);
    });
    return diagnosis;
  }
  const inputs: StreamInput[] = sources.map((s) => {
    if (s.text !== undefined) {
      const bytes = Buffer.from(s.text, 'utf8');
      return { name: s.name, chunks: [bytes], size: bytes.byteLength, kind: s.kind, defaultYear: s.year, text: true, notices: s.notices };
    }
    const uri = s.uri as vscode.Uri;
    // The CLI's reader: opened when read, gzip decompressed as it streams.
    const read =
      uri.scheme === 'file'
        ? fileBytes(uri.fsPath)
        : logBytes(
            (async function* () {
              yield await vscode.workspace.fs.readFile(uri);
            })(),
          );
    // The reader appends to its notices as it streams: the source's go first, in the same array.
    read.notices.unshift(...(s.notices ?? []));
    return { name: s.name, chunks: read.chunks, notices: read.notices, consumed: read.consumed, size: s.size, kind: s.kind, defaultYear: s.year };
  });
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Postmortem Lens: diagnosing', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        let shown = 0;
        try {
          return await diagnoseStreams(catalogue, inputs, {
            defaultYear,
            // Files too large for the editor: bounded like the CLI, and the Diagnosis view says "first N of M".
            maxOccurrencesPerFinding: 10_000,
            signal: abort.signal,
            onProgress: (p) => {
              if (!p.totalBytes) return;
              const pct = Math.min(100, Math.floor((p.bytes * 100) / p.totalBytes));
              if (pct > shown) {
                progress.report({ increment: pct - shown, message: `${pct}% (${p.input})` });
                shown = pct;
              }
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (err) {
    if (err instanceof DiagnosisCancelled) {
      void vscode.window.showInformationMessage('Postmortem Lens: diagnosis cancelled.');
      return undefined;
    }
    throw err;
  }
}
