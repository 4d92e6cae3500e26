/**
 * Log-store credentials in VS Code's SecretStorage (the OS keychain where there is one), keyed by
 * connection name: asked once, in a password box, then kept; forgotten on request. They never go to
 * settings, the output channel, messages or documents.
 */
import * as vscode from 'vscode';
import type { StoreConnection } from './storeConnections';

const KEY = (name: string): string => `postmortemLens.logStore:${name}`;

/** The secrets of the log-store connections. */
export class StoreSecrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  /** The connection's kept secret, else asked (and kept). Undefined: none needed, or the user backed out (`asked: false`). */
  async get(c: StoreConnection): Promise<{ secret?: string; cancelled?: boolean }> {
    if (c.auth === 'none') return {};
    const kept = await this.storage.get(KEY(c.name));
    if (kept !== undefined) return { secret: kept };
    const what = c.auth === 'token' ? 'bearer token' : c.auth === 'apiKey' ? 'API key (the encoded id:key)' : `password${c.user ? ` of ${c.user}` : ''}`;
    const secret = await vscode.window.showInputBox({
      title: `Postmortem Lens: ${c.name}`,
      prompt: `The ${what} for ${c.url}; kept in VS Code's secret storage ("Forget Log Store Credentials" removes it)`,
      password: true,
      ignoreFocusOut: true,
    });
    if (secret === undefined) return { cancelled: true };
    await this.storage.store(KEY(c.name), secret);
    return { secret };
  }

  /** Keep `secret` for the connection `name` (replacing a kept one). */
  async set(name: string, secret: string): Promise<void> {
    await this.storage.store(KEY(name), secret);
  }

  /** Whether a secret is kept for `name`. */
  async has(name: string): Promise<boolean> {
    return (await this.storage.get(KEY(name))) !== undefined;
  }

  /** Forget the connection's secret. */
  async forget(name: string): Promise<void> {
    await this.storage.delete(KEY(name));
  }
}
