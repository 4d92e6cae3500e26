// Shared by the suites that run inside VS Code (bundled into each of them by build-tests.mjs).
import * as vscode from 'vscode';

/** The `source` of the extension's diagnostics. */
export const SOURCE = 'Postmortem Lens';

/** Poll `probe` every 100 ms until it returns a truthy value; fail with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The extension's diagnostics on a document. */
export const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
/** A Problems entry's code (the signature id), or undefined for a row without one. */
export const codeOf = (d: vscode.Diagnostic): string | undefined =>
  typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
