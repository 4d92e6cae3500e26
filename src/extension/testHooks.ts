/**
 * Registers a test hook (a command the extension-host tests read state through) only when the test
 * runner asked for them: a user's extension has no `postmortemLens.test.*` commands.
 */
import * as vscode from 'vscode';
import { TEST_HOOKS_ENV, type TEST_COMMAND } from './commandIds';

/** The hook's registration, or nothing outside the tests. */
export function registerTestHook(id: (typeof TEST_COMMAND)[keyof typeof TEST_COMMAND], hook: (...args: never[]) => unknown): vscode.Disposable[] {
  return process.env[TEST_HOOKS_ENV] === '1' ? [vscode.commands.registerCommand(id, hook as (...args: unknown[]) => unknown)] : [];
}
