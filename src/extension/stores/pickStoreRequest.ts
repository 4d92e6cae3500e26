/**
 * The wizard of "Diagnose from Log Store..." and "Count Fleet in Log Store...": connection (or "Add
 * connection...", which writes the setting) -> window (last 15m/1h/6h/24h or custom) -> the query
 * (Loki, Elasticsearch) or condition (ClickHouse), prefilled from the connection.
 */
import * as vscode from 'vscode';
import { parseConnections, parseWhen, WINDOW_CHOICES, type StoreConnection, type StoreNarrowing } from './storeConnections';
import { STORE_SETTING } from './storeAccess';

/** A window the user chose. */
export interface ChosenWindow {
  since: Date;
  until: Date;
}

const ADD = '\u0000add';

/** Pick a connection, or add one. Undefined when the user backs out. */
export async function pickConnection(
  connections: readonly StoreConnection[],
  title: string,
  only?: (c: StoreConnection) => string | undefined,
): Promise<StoreConnection | undefined> {
  const items: (vscode.QuickPickItem & { value: string })[] = connections.map((c) => {
    const why = only?.(c);
    return {
      label: `$(${c.kind === 'loki' ? 'database' : c.kind === 'elasticsearch' ? 'search' : 'server'}) ${c.name}`,
      description: `${c.kind} ${c.url}`,
      detail:
        why ??
        (c.kind === 'loki'
          ? c.query
          : c.kind === 'elasticsearch'
            ? [c.index, c.query].filter(Boolean).join(' ')
            : [c.table, c.where].filter(Boolean).join(' WHERE ')),
      value: c.name,
    };
  });
  items.push({
    label: '$(add) Add connection...',
    detail:
      "A Loki, ClickHouse, Elasticsearch or OpenSearch to read logs from (kept in the postmortemLens.logStores setting; passwords in VS Code's secret storage)",
    value: ADD,
    alwaysShow: true,
  });
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: 'Log store', matchOnDescription: true });
  if (!pick) return undefined;
  if (pick.value === ADD) return addConnection(connections, title);
  return connections.find((c) => c.name === pick.value);
}

/** Ask kind, name, URL, the default query or table, and the login; write the connection to the user settings. */
async function addConnection(existing: readonly StoreConnection[], title: string): Promise<StoreConnection | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Loki', value: 'loki' as const },
      { label: 'ClickHouse', value: 'clickhouse' as const },
      { label: 'Elasticsearch / OpenSearch', value: 'elasticsearch' as const },
    ],
    { title: `${title}: add connection`, placeHolder: 'Kind of store' },
  );
  if (!kind) return undefined;
  const name = await vscode.window.showInputBox({
    title,
    prompt: 'A name for this connection',
    value: kind.value,
    validateInput: (v) => (!v.trim() ? 'Enter a name' : existing.some((c) => c.name === v.trim()) ? 'A connection has this name already' : undefined),
  });
  if (!name) return undefined;
  const url = await vscode.window.showInputBox({
    title,
    prompt: `The ${kind.label} URL (no credentials in it)`,
    value: kind.value === 'loki' ? 'http://localhost:3100' : kind.value === 'elasticsearch' ? 'https://localhost:9200' : 'http://localhost:8123',
    validateInput: (v) =>
      !/^https?:\/\/[^/\s]/i.test(v.trim())
        ? 'Enter an http:// or https:// URL'
        : /^https?:\/\/[^/@\s]*@/i.test(v.trim())
          ? 'Leave credentials out: the password is asked next and kept in the secret storage'
          : undefined,
  });
  if (!url) return undefined;
  const entry: Record<string, string> = { name: name.trim(), kind: kind.value, url: url.trim() };
  if (kind.value === 'loki') {
    const query = await vscode.window.showInputBox({
      title,
      prompt: 'The default LogQL stream selector',
      value: '{job="systemd-journal"}',
      validateInput: (v) => (/^\s*\{/.test(v) ? undefined : 'A LogQL log query starts with a stream selector: {app="web"}'),
    });
    if (!query) return undefined;
    entry.query = query.trim();
  } else if (kind.value === 'elasticsearch') {
    const index = await vscode.window.showInputBox({ title, prompt: 'The index, alias, data stream or pattern', value: 'logs-*' });
    if (!index) return undefined;
    entry.index = index.trim();
  } else {
    const table = await vscode.window.showInputBox({ title, prompt: "The table, in the OpenTelemetry exporter's otel_logs shape", value: 'otel_logs' });
    if (!table) return undefined;
    entry.table = table.trim();
  }
  const auth = await vscode.window.showQuickPick(
    [
      { label: 'No login', value: 'none' },
      { label: 'User and password', value: 'password' },
      ...(kind.value === 'elasticsearch' ? [{ label: 'API key', value: 'apiKey' }] : []),
      ...(kind.value !== 'clickhouse' ? [{ label: 'Bearer token', value: 'token' }] : []),
    ],
    { title, placeHolder: 'How the store checks who you are' },
  );
  if (!auth) return undefined;
  if (auth.value !== 'none') entry.auth = auth.value;
  if (auth.value === 'password') {
    const user = await vscode.window.showInputBox({ title, prompt: 'User name', value: kind.value === 'clickhouse' ? 'default' : '' });
    if (user === undefined) return undefined;
    entry.user = user.trim();
  }
  const cfg = vscode.workspace.getConfiguration();
  const list = cfg.inspect<unknown[]>(STORE_SETTING)?.globalValue ?? [];
  await cfg.update(STORE_SETTING, [...list, entry], vscode.ConfigurationTarget.Global);
  return parseConnections([entry]).connections[0];
}

/** Pick the window. */
export async function pickWindow(title: string, now = new Date()): Promise<ChosenWindow | undefined> {
  const CUSTOM = -1;
  const pick = await vscode.window.showQuickPick(
    [
      ...WINDOW_CHOICES.map((w) => ({ label: w.label, value: w.seconds })),
      { label: 'Custom...', detail: 'From and to: times with their zone, or durations ago', value: CUSTOM },
    ],
    { title, placeHolder: 'Window' },
  );
  if (!pick) return undefined;
  if (pick.value !== CUSTOM) return { since: new Date(now.getTime() - pick.value * 1000), until: now };
  const ask = async (prompt: string, value: string): Promise<Date | undefined> => {
    const v = await vscode.window.showInputBox({
      title,
      prompt,
      value,
      validateInput: (t) => {
        const d = parseWhen(t, now);
        return 'error' in d ? d.error : undefined;
      },
    });
    if (v === undefined) return undefined;
    const d = parseWhen(v, now);
    return 'error' in d ? undefined : d;
  };
  const since = await ask('From: a time with its zone (2026-03-01T14:30:00Z) or a duration ago (2h)', '2h');
  if (!since) return undefined;
  const until = await ask('To: a time with its zone, or a duration ago (0s is now)', '0s');
  if (!until) return undefined;
  if (until <= since) {
    void vscode.window.showErrorMessage('Postmortem Lens: the window ends before it starts.');
    return undefined;
  }
  return { since, until };
}

/** The query (Loki, Elasticsearch) or condition (ClickHouse), prefilled from the connection. */
export async function pickNarrowing(c: StoreConnection, title: string): Promise<StoreNarrowing | undefined> {
  if (c.kind === 'elasticsearch') {
    const query = await vscode.window.showInputBox({
      title,
      prompt: `query_string (Lucene syntax) on ${c.index ?? 'logs-*'} (empty: every document of the window); the catalogue's phrases are added to it`,
      value: c.query ?? '',
      placeHolder: 'kubernetes.namespace:ci AND host.name:node-7',
    });
    return query === undefined ? undefined : { query: query.trim() };
  }
  if (c.kind === 'loki') {
    const query = await vscode.window.showInputBox({
      title,
      prompt: "LogQL log query: a stream selector and any pipeline; the catalogue's line filter is added to it",
      value: c.query ?? '{}',
      valueSelection: c.query ? undefined : [1, 1],
      validateInput: (v) => (/^\s*\{/.test(v) ? undefined : 'A LogQL log query starts with a stream selector: {app="web"}'),
    });
    return query === undefined ? undefined : { query: query.trim() };
  }
  const where = await vscode.window.showInputBox({
    title,
    prompt: `SQL condition on ${c.table}'s columns (empty: every row of the window), run with your login`,
    value: c.where ?? '',
    placeHolder: "ServiceName = 'kubelet'",
  });
  return where === undefined ? undefined : { where: where.trim() };
}
