/**
 * The `postmortemLens.redactSecrets` setting, read in one place: whether to redact, and the
 * functions every piece of log text the extension shows, copies or serves as a document passes
 * through (the core's redaction, or the identity when the setting is off).
 */
import * as vscode from 'vscode';
import { redact, redactText } from '../core';

/** True unless the user turned redaction off. */
export function redactionOn(): boolean {
  return vscode.workspace.getConfiguration('postmortemLens').get<boolean>('redactSecrets', true);
}

/** The text as it may leave the editor: redacted when the setting is on. */
export function outgoing(text: string): string {
  return redactionOn() ? redactText(text) : text;
}

/** {@link outgoing} with the setting read once, for a loop over many texts. */
export function outgoingText(): (text: string) => string {
  return redactionOn() ? redactText : (text: string): string => text;
}

/**
 * A whole document as the editor will show it (inputs read from a cluster): redacted when the
 * setting is on, with its line count kept so findings point at the right lines.
 */
export function outgoingDocument(text: string): string {
  return redactionOn() ? redact(text, { keepLines: true }).text : text;
}
