/**
 * Secrets found by the name they are given rather than by their shape: `DB_PASSWORD=...`,
 * `"clientSecret": "..."`, `password: ...`, `AccountKey=...;`, `?sig=...&`, `--password VALUE`,
 * `Authorization: Basic ...`, `Cookie: session=...`. One mechanism for every syntax: find the
 * name, read the value the way that syntax delimits it, then decide by how strongly the name says
 * "secret" ({@link nameStrength}) and how the value looks ({@link valueIsSecret}).
 *
 * Hand-written, not a regex per form, because the decision needs the whole name (`SecretName:` is
 * a Secret's name, `client_secret=` is one) and the value's shape (`key="shop/checkout"` is a
 * controller's work-queue key, `key=Xq3...==` is a key); a regex per combination would be the
 * quadratic nested-quantifier kind this module replaces. Every scan here is bounded: names are
 * read back at most {@link MAX_NAME} characters, values at most {@link MAX_VALUE}.
 */

/** A found secret: `text.slice(start, end)` is replaced by `[REDACTED:kind]`. */
export interface SecretSpan {
  /** Offset of the secret's first character. */
  start: number;
  /** Offset after its last character. */
  end: number;
  /** What it is (`github-token`, `url-password`, `password`, `secret` ...): the mark's `<kind>`. */
  kind: string;
}

const MAX_NAME = 64;
const MAX_VALUE = 4096;

/**
 * How strongly a key name says its value is a secret:
 * - `any`: every value that is not a placeholder (`password`, `DB_PASSWORD`, `client_secret`, `api_key`, `sig`)
 * - `word`: any value but a number or a boolean (`pass`, `DB_PASS`, `-storepass`: `pass=3` is a test count)
 * - `random`: only a value that looks generated (`token`, `secret`, `key`, `auth`: `key="shop/checkout"` stays)
 * - `null`: not a secret's name (`bypass`, `oauth`)
 */
export type NameStrength = 'any' | 'word' | 'random' | null;

const ALWAYS = /(?:password|passwd|passphrase|pwd)$/;
const STRONG_KEYS =
  /(?:apikey|accesskey|secretkey|privatekey|accountkey|sharedaccesskey|masterkey|signingkey|encryptionkey|certificatekey|licensekey|authkey|clientkeydata|dockerconfigjson|dockercfg|amzsignature|sig)$/;
const BARE_RANDOM = new Set(['secret', 'token', 'key', 'auth', 'signature', 'credential', 'credentials', 'keydata']);

/** The strength of a key name as written (`DB_PASSWORD`, `clientSecret`, `--api-key`, `"x-api-key"`). */
export function nameStrength(raw: string): NameStrength {
  // The last part of a dotted name decides: `db.auth.password` is a password, `v1.Secret` a type.
  const name = raw.slice(raw.lastIndexOf('.') + 1).replace(/^[-_]+/, '');
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === '') return null;
  if (ALWAYS.test(n)) return 'any';
  if (STRONG_KEYS.test(n)) return 'any';
  if (n.endsWith('pass')) return /(?:by|com|over|under|sur|tres|multi|single|first|second)pass$/.test(n) ? null : 'word'; // DB_PASS, -storepass; not bypass
  if (BARE_RANDOM.has(n)) return 'random';
  if (n.endsWith('oauth')) return null;
  if (/(?:secret|token)$/.test(n)) return 'any'; // client_secret, identitytoken, X-Vault-Token
  if (/(?:key|auth|credentials?|signature|keydata)$/.test(n)) return 'random'; // cacheKey, sshkey: only generated values
  return null;
}

/** Values that stand for a secret without being one: `<redacted>`, `***`, `${DB_PASSWORD}`, `%s`, `null`. */
const PLACEHOLDER =
  /^(?:\[REDACTED|<|\*+$|x{3,}$|\$\{|\$\(|\$[A-Z_][A-Z0-9_]*$|%[a-z]$|\{\{|(?:null|nil|none|undefined|true|false|redacted|hidden|masked|secret|password|changeme|sensitive|empty|n\/a|-+)$)/i;
/** Paths are where a secret is kept, not the secret: `--password-file`'s neighbours, `PWD=/home/runner`. */
const PATH = /^(?:\/|~\/|\.{1,2}\/|[A-Za-z]:\\|@\/|file:)/;

/**
 * A value that looks machine-generated: mixed case and digits (12+), or long hex (32+). Names of
 * Kubernetes objects, paths, words and numbers never look like this; base64 and random tokens do.
 */
export function looksGenerated(v: string): boolean {
  if (v.length >= 12 && /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v)) return true;
  return v.length >= 32 && /^[0-9a-f]+$/i.test(v);
}

/** Not a plain word: has a digit, mixed case or base64 punctuation (8+ characters). */
export function looksTokenish(v: string): boolean {
  return v.length >= 8 && (/\d/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)) || /[+/=_~!#$%^*]/.test(v));
}

/** Is `v`, the value of a name of `strength`, a secret to redact? */
export function valueIsSecret(v: string, strength: NameStrength): boolean {
  if (strength === null || v === '' || PLACEHOLDER.test(v) || PATH.test(v)) return false;
  if (strength === 'any') return true;
  if (strength === 'word') return !/^-?\d+(?:\.\d+)?$/.test(v);
  return looksGenerated(v);
}

/** `password` for a password's name (`DB_PASS`, `--pwd`), else `secret` (`api_key`, `clientSecret`, `token`). */
function kindOf(name: string): string {
  return /pass|pwd/i.test(name) ? 'password' : 'secret';
}

/** Characters ending an unquoted value. */
const STOP = new Set([' ', '\t', '\n', '\r', '"', "'", '`', ',', ';', '&', '<', '>', '(', ')', '[', ']', '{', '}', '|', '\\']);

/** The value at `i`: quoted (up to the same quote, `\"` for `\"`, or the line's end) or bare (up to a {@link STOP}). */
export function readValue(text: string, i: number, quote: string | undefined): { start: number; end: number } {
  const limit = Math.min(text.length, i + MAX_VALUE);
  let end = i;
  if (quote) {
    const close = quote[quote.length - 1];
    const escaped = quote.length === 2;
    // A plain loop, not indexOf: the scan must stop at the limit, whatever follows (linear time).
    while (end < limit && text[end] !== '\n' && !(text[end] === close && (!escaped || text[end - 1] === '\\'))) end++;
    if (escaped && end < limit && text[end] === close) end--;
    return { start: i, end };
  }
  while (end < limit && !STOP.has(text[end])) end++;
  // A trailing `.` or `:` ends the sentence, not the secret (`password=abc.`).
  while (end > i && (text[end - 1] === '.' || text[end - 1] === ':')) end--;
  return { start: i, end };
}

/** The key name ending at `end` (letters, digits, `_`, `.`, `-`), read back at most {@link MAX_NAME}. */
function nameBefore(text: string, end: number): string {
  let s = end;
  const stop = Math.max(0, end - MAX_NAME);
  while (s > stop && /[A-Za-z0-9_.-]/.test(text[s - 1])) s--;
  return text.slice(s, end);
}

/**
 * `NAME = VALUE` in env, logfmt, YAML, JSON (also escaped inside a string), INI, query strings and
 * connection strings: the keyword ends the name, then an optional quote, `:`/`=`/`=>`, an
 * optional quote. The rest of the name is read back from the keyword.
 */
const ASSIGNMENT =
  /(password|passwd|passphrase|pwd|pass|secret|token|key|auth|sig|signature|credentials?|key-data|keydata|dockerconfigjson|dockercfg)(\\?["'])?[ \t]{0,3}(?:=>|[:=])[ \t]{0,3}(\\?["'])?/gi;

/** `--password VALUE`, `--api-key VALUE`: a flag and its value after whitespace (with `=`, ASSIGNMENT reads it). */
const FLAG = /(?<![\w-])--?([A-Za-z][A-Za-z0-9_-]{0,40})[ \t]{1,16}(\\?["'])?/g;

/** `Authorization: <scheme> <credentials>` and `Proxy-Authorization`, any case, any scheme. */
const AUTHORIZATION = /authorization(\\?["'])?[ \t]{0,3}[:=][ \t]{0,3}(\\?["'])?(?:([A-Za-z][A-Za-z0-9_-]{1,30})[ \t]{1,16})?/gi;

/** `Cookie: a=1; b=2` and `Set-Cookie: a=1; Path=/`: every value of a Cookie, the first of a Set-Cookie. */
const COOKIE = /(?<![A-Za-z-])(set-)?cookie[ \t]{0,3}:[ \t]{0,3}/gi;

/** Words one of which (lower case) a text must hold for {@link findNamedValues} to find anything. */
export const NAMED_VALUE_HINTS: readonly string[] = [
  'pass',
  'pwd',
  'secret',
  'token',
  'key',
  'auth',
  'sig',
  'credential',
  'dockercfg',
  'dockerconfigjson',
  'cookie',
];

/**
 * Every match of `re` in `text`, each search starting after the value `take` consumed, so no
 * character is read as a value twice (`password=password=...` stays linear).
 */
function eachMatch(re: RegExp, text: string, take: (m: RegExpExecArray) => number | undefined): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = take(m);
    if (m[0].length === 0) re.lastIndex++;
    if (end !== undefined && end > re.lastIndex) re.lastIndex = end;
  }
}

/** Spans of secrets named by their key, flag or header. */
export function findNamedValues(text: string, out: SecretSpan[]): void {
  eachMatch(ASSIGNMENT, text, (m) => {
    const before = nameBefore(text, m.index);
    const name = before + m[1];
    const strength = nameStrength(name);
    if (strength === null || /authorization$/i.test(name)) return undefined;
    // `https://x-access-token:PASSWORD@host`: a URL's user name, not a key; the URL rule takes its password.
    if (text.startsWith('://', m.index - before.length - 3)) return undefined;
    const v = readValue(text, m.index + m[0].length, m[3]);
    if (valueIsSecret(text.slice(v.start, v.end), strength)) out.push({ ...v, kind: kindOf(name) });
    return v.end;
  });
  eachMatch(FLAG, text, (m) => {
    const strength = nameStrength(m[1]);
    if (strength === null) return undefined;
    const v = readValue(text, m.index + m[0].length, m[2]);
    const value = text.slice(v.start, v.end);
    // A space-separated value may be the next word of a sentence (`--password flag is deprecated`).
    if ((m[2] || looksTokenish(value)) && valueIsSecret(value, strength)) out.push({ ...v, kind: kindOf(m[1]) });
    return v.end;
  });
  eachMatch(AUTHORIZATION, text, (m) => {
    const v = readValue(text, m.index + m[0].length, m[2]);
    const cred = text.slice(v.start, v.end);
    if (!PLACEHOLDER.test(cred) && looksTokenish(cred)) out.push({ ...v, kind: 'authorization' });
    return v.end;
  });
  eachMatch(COOKIE, text, (m) => {
    let i = m.index + m[0].length;
    for (let pairs = 0; pairs < 64; pairs++) {
      const eq = /^[^=;\s"']{1,64}=/.exec(text.slice(i, i + 66));
      if (!eq) break;
      const v = readValue(text, i + eq[0].length, undefined);
      if (v.end > v.start && !PLACEHOLDER.test(text.slice(v.start, v.end))) out.push({ ...v, kind: 'cookie' });
      i = v.end;
      if (m[1] || text[v.end] !== ';') break;
      i++;
      while (text[i] === ' ') i++;
    }
    return i;
  });
}
