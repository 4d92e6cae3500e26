/**
 * The `postmortemLens.redactSecrets` setting, read in one place: whether to redact, and the
 * function every piece of log text the extension shows or copies passes through (the core's
 * `redactText`, or the identity when the setting is off).
 */
import * as vscode from 'vscode';
import { redactText } from '../core';

/** True unless the user turned redaction off. */
export function redactionOn(): boolean {
  return vscode.workspace.getConfiguration('postmortemLens').get<boolean>('redactSecrets', true);
}

/** The text as it may leave the editor: redacted when the setting is on. */
export function outgoing(text: string): string {
  return redactionOn() ? redactText(text) : text;
}
