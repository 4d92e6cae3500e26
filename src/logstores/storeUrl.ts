/**
 * A store's URL as given on the command line: its credentials (`user:pass@`) taken out, so they are
 * sent as a login and never shown, and the part that may be shown.
 */
import { StoreError } from './storeErrors';

/** A parsed store URL. */
export interface StoreUrl {
  /** The URL without credentials, query or fragment. */
  url: string;
  /** What messages show: scheme, host, port and path. */
  shown: string;
  username?: string;
  password?: string;
}

/** Parse `raw` (http or https); a bad URL is a clear error naming the option. */
export function storeUrl(raw: string, option: string): StoreUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new StoreError(
      'query',
      `--${option} needs a URL such as http://host:${option === 'loki' ? 3100 : option === 'elasticsearch' ? 9200 : 8123}, got "${raw.replace(/\/\/[^/@]*@/, '//***@')}"`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new StoreError('query', `--${option} needs an http:// or https:// URL, got ${u.protocol}`);
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.username = '';
  u.password = '';
  u.search = '';
  u.hash = '';
  const url = u.toString().replace(/\/$/, '');
  return { url, shown: url, username, password };
}
