/**
 * The log files of the workspace, or of a folder, and a multi-select quick pick of them: what the
 * "Files..." choice and "Diagnose Together" offer. It works wherever VS Code runs (desktop, the web,
 * code-server, remote), where the OS file dialog picks one file and no folder.
 *
 * A file is a log when its name matches `postmortemLens.filePatterns`, or when its head reads as a
 * log to the grammars (core's sniffLog: `kubectl-get.txt`, `journal.json`). Searches skip what the
 * workspace excludes (`files.exclude`, `search.exclude`, `node_modules`, `.git`) and are bounded; a
 * bound reached is said in the pick's title.
 */
import * as vscode from 'vscode';
import { isPostmortemDraft, sniffLog } from '../../core';
import { checkPath, headText } from '../../node/logFiles';

/** Files listed by one search at most. */
export const MAX_FILES = 2000;
/** Files whose head is read to decide at most, per search. */
export const MAX_SNIFFED = 400;
/** Bytes of a file's head read to decide. */
const SNIFF_BYTES = 16 * 1024;
/** Names of files that are not logs by name but may hold one: their head is read. */
const MAYBE_LOG = '**/*.{txt,out,json,jsonl,ndjson,err,log.[0-9]*}';

/** Log files found, and the files looked at that are not logs. */
export interface LogFiles {
  /** Log files, sorted by path. */
  logs: vscode.Uri[];
  /** Other files looked at (folder searches only), sorted by path. */
  others: vscode.Uri[];
  /** True when a bound was reached and more files may exist. */
  truncated: boolean;
}

/** The exclude glob of the searches: the workspace's `search.exclude`, plus dependencies and VCS folders. */
function excludeGlob(): string {
  const patterns = new Set(['**/node_modules', '**/.git', '**/bower_components']);
  const searchExclude = vscode.workspace.getConfiguration('search').get<Record<string, unknown>>('exclude', {});
  // `files.exclude` applies anyway; a key with its own braces cannot nest in ours.
  for (const [glob, on] of Object.entries(searchExclude)) if (on === true && !/[{}]/.test(glob)) patterns.add(glob);
  return `{${[...patterns].join(',')}}`;
}

const byPath = (a: vscode.Uri, b: vscode.Uri): number => a.path.localeCompare(b.path);

/**
 * The first bytes of a file as text, read as the engine reads them (gzip, UTF-16, Latin-1, CR line ends),
 * or undefined when it cannot be read, is not a regular file (a FIFO would wait for a writer, a
 * device never end) or holds binary data.
 */
export async function readHead(uri: vscode.Uri, bytes: number): Promise<string | undefined> {
  let buf: Uint8Array;
  try {
    if (uri.scheme === 'file') {
      const c = checkPath(uri.fsPath);
      if (!c.ok || c.kind !== 'file') return undefined;
      const { open } = await import('node:fs/promises');
      const fh = await open(uri.fsPath, 'r');
      try {
        const b = Buffer.alloc(bytes);
        const { bytesRead } = await fh.read(b, 0, bytes, 0);
        buf = b.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    } else {
      // Other file systems read whole files only: skip the big ones rather than pull them over.
      if ((await vscode.workspace.fs.stat(uri)).size > 4 * 1024 * 1024) return undefined;
      buf = (await vscode.workspace.fs.readFile(uri)).subarray(0, bytes);
    }
  } catch {
    return undefined;
  }
  const text = headText(buf, bytes);
  return text.includes('\0') ? undefined : text;
}

/** Which of `uris` read as logs, never our own postmortem drafts (heads read a few at a time; at most MAX_SNIFFED). */
async function sniffed(uris: readonly vscode.Uri[]): Promise<{ logs: vscode.Uri[]; truncated: boolean }> {
  const logs: vscode.Uri[] = [];
  const todo = uris.slice(0, MAX_SNIFFED);
  for (let i = 0; i < todo.length; i += 16) {
    const heads = await Promise.all(todo.slice(i, i + 16).map((u) => readHead(u, SNIFF_BYTES)));
    heads.forEach((h, j) => {
      if (h !== undefined && !isPostmortemDraft(h) && sniffLog(h).isLog) logs.push(todo[i + j]);
    });
  }
  return { logs, truncated: uris.length > MAX_SNIFFED };
}

/**
 * The log files under `folder` (recursively), or of the whole workspace when it is undefined. For a
 * folder every file is looked at and the others are returned too (to say what was skipped); for the
 * workspace only the names that may hold a log are.
 */
export async function findLogFiles(folder?: vscode.Uri, token?: vscode.CancellationToken): Promise<LogFiles> {
  const exclude = excludeGlob();
  const glob = (pattern: string): vscode.GlobPattern => (folder ? new vscode.RelativePattern(folder, pattern) : pattern);
  const patterns = vscode.workspace.getConfiguration('postmortemLens').get<string[]>('filePatterns', []);
  const [named, maybe] = await Promise.all([
    Promise.all(patterns.map((p) => vscode.workspace.findFiles(glob(p), exclude, MAX_FILES + 1, token))),
    vscode.workspace.findFiles(glob(folder ? '**/*' : MAYBE_LOG), exclude, MAX_FILES + 1, token),
  ]);
  const byName = new Map<string, vscode.Uri>();
  for (const u of named.flat()) byName.set(u.toString(), u);
  const rest = maybe.filter((u) => !byName.has(u.toString())).sort(byPath);
  const read = await sniffed(rest);
  const logs = [...byName.values(), ...read.logs].sort(byPath);
  const isLog = new Set(logs.map((u) => u.toString()));
  return {
    logs: logs.slice(0, MAX_FILES),
    others: folder ? rest.filter((u) => !isLog.has(u.toString())) : [],
    truncated: logs.length > MAX_FILES || named.some((n) => n.length > MAX_FILES) || maybe.length > MAX_FILES || read.truncated,
  };
}

/** A row of the pick: a folder (all its log files) or one file. */
export interface LogFileItem extends vscode.QuickPickItem {
  /** The files this row stands for (none for separators). */
  uris: vscode.Uri[];
}

/** The parent folder of a workspace-relative path ('' at the top). */
const dirOf = (rel: string): string => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');

/**
 * The rows of the pick: per folder holding log files, a separator, a row for the whole folder (its
 * log files, subfolders included) and a row per file. `picked` files start checked.
 */
export function logFileItems(files: readonly vscode.Uri[], picked: readonly vscode.Uri[] = []): LogFileItem[] {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const rel = files.map((uri) => ({ uri, path: vscode.workspace.asRelativePath(uri, multiRoot) }));
  const dirs = [...new Set(rel.map((r) => dirOf(r.path)))].sort((a, b) => a.localeCompare(b));
  const checked = new Set(picked.map((u) => u.toString()));
  const items: LogFileItem[] = [];
  for (const dir of dirs) {
    const here = rel.filter((r) => dirOf(r.path) === dir).sort((a, b) => a.path.localeCompare(b.path));
    const under = dir ? rel.filter((r) => r.path.startsWith(`${dir}/`)) : [];
    // A rule between folders; the folder row and the files' descriptions name it.
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, uris: [] });
    if (under.length > 1) {
      const name = dir.slice(dir.lastIndexOf('/') + 1);
      const deeper = under.length - here.length;
      items.push({
        label: `$(folder) ${name}/`,
        description: `all ${under.length} log files${deeper ? ` (${deeper} in subfolders)` : ''}`,
        detail: under.map((r) => r.path.slice(dir.length + 1)).join(', '),
        uris: under.map((r) => r.uri),
      });
    }
    for (const r of here) {
      items.push({ label: `$(file) ${r.path.slice(r.path.lastIndexOf('/') + 1)}`, description: dir, uris: [r.uri], picked: checked.has(r.uri.toString()) });
    }
  }
  return items;
}

/** The files the chosen rows stand for, each once, in order. */
export function urisOf(items: readonly LogFileItem[]): vscode.Uri[] {
  const seen = new Map<string, vscode.Uri>();
  for (const i of items) for (const u of i.uris) if (!seen.has(u.toString())) seen.set(u.toString(), u);
  return [...seen.values()];
}

/** The OS (or VS Code's simple) file dialog, for files outside the workspace. */
async function browse(): Promise<vscode.Uri[] | undefined> {
  const uris = await vscode.window.showOpenDialog({
    canSelectMany: true,
    canSelectFiles: true,
    canSelectFolders: false,
    openLabel: 'Diagnose',
    title: 'Files of one incident',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { 'Logs and outputs': ['log', 'txt', 'journal', 'klog', 'json', 'out'], 'All files': ['*'] },
  });
  return uris?.length ? uris : undefined;
}

/**
 * Ask for the files of one incident: a multi-select pick of the workspace's log files and folders
 * (the active log checked), with a Browse... button for files elsewhere. Without a workspace
 * folder, the file dialog.
 */
export async function pickLogFiles(title: string): Promise<vscode.Uri[] | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return browse();
  const pick = vscode.window.createQuickPick<LogFileItem>();
  const search = new vscode.CancellationTokenSource();
  const browseButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('folder-opened'), tooltip: 'Browse for files outside the workspace...' };
  pick.title = title;
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.busy = true;
  pick.placeholder = 'Looking for log files in the workspace...';
  pick.buttons = [browseButton];
  const answer = new Promise<vscode.Uri[] | 'browse' | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
      resolve(urisOf(chosen));
      pick.hide();
    });
    pick.onDidTriggerButton(() => {
      resolve('browse');
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
  });
  pick.show();
  void findLogFiles(undefined, search.token).then(
    (found) => {
      const active = vscode.window.activeTextEditor?.document.uri;
      pick.items = logFileItems(found.logs, active ? [active] : []);
      pick.selectedItems = pick.items.filter((i) => i.picked);
      pick.busy = false;
      pick.placeholder = found.logs.length
        ? 'Check the files (or folders) of one incident, then press Enter'
        : 'No log files in the workspace: use the Browse button for files elsewhere';
      if (found.truncated) pick.title = `${title} (the first ${found.logs.length} log files found; Browse for others)`;
    },
    (err: Error) => {
      pick.busy = false;
      pick.placeholder = `Could not search the workspace (${err.message}): use the Browse button`;
    },
  );
  const result = await answer;
  search.cancel();
  search.dispose();
  pick.dispose();
  if (result === 'browse') return browse();
  return result?.length ? result : undefined;
}
