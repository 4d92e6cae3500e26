/**
 * How a log-store request fails, told apart so the user reads what to do: the store cannot be reached,
 * refuses the credentials or the access, asks to slow down, takes too long, or refuses the query.
 * Every message passes through redaction: a store's error may quote a URL, a header or the query.
 */
import { redactText } from '../core';

/** The class of a failed store request. */
export type StoreFailure = 'unreachable' | 'tls' | 'unauthorized' | 'forbidden' | 'rate-limited' | 'timeout' | 'cancelled' | 'query' | 'malformed' | 'http';

/** A failed store request; `message` is for the user (redacted, names the store). */
export class StoreError extends Error {
  constructor(
    readonly failure: StoreFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** What to do, by class. */
const ADVICE: Record<StoreFailure, string> = {
  unreachable: 'check the URL and that the store answers from here',
  tls: 'check the server certificate (NODE_EXTRA_CA_CERTS=ca.pem for a private CA)',
  unauthorized: 'the credentials were refused: check them',
  forbidden: 'the credentials are valid but may not read this: ask for read access',
  'rate-limited': 'the store asks to slow down: try again later or narrow --since/--until',
  timeout: 'narrow --since/--until (or --where / --query), or raise --store-timeout',
  cancelled: '',
  query: 'the store refused the query',
  malformed: "the answer was not the documented shape: is the URL the store's API?",
  http: 'unexpected answer',
};

/** The user's message for a failure: `<store>: <what> (<advice>)`, redacted, the detail bounded. */
export function storeMessage(failure: StoreFailure, label: string, detail: string, advice = ADVICE[failure]): string {
  const flat = redactText(detail.replace(/\s+/g, ' ').trim());
  const text = flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
  return `${label}: ${text}${advice ? ` (${advice})` : ''}`;
}

/** A network-level error (no HTTP answer), classed by its code. */
export function networkFailure(err: unknown, label: string): StoreError {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code;
  const message = String(e?.cause?.message ?? e?.message ?? err);
  if (e?.name === 'AbortError' || /user aborted/i.test(message)) return new StoreError('cancelled', storeMessage('cancelled', label, 'cancelled'));
  if (code && UNREACHABLE.has(code)) return new StoreError('unreachable', storeMessage('unreachable', label, `cannot connect (${code})`));
  if ((code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|EPROTO|ALTNAME/.test(code)) || /certificate|SSL routines/i.test(message)) {
    return new StoreError('tls', storeMessage('tls', label, `TLS: ${message}`));
  }
  if (/timeout|timed out/i.test(message) || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return new StoreError('timeout', storeMessage('timeout', label, 'no answer in time'));
  return new StoreError('unreachable', storeMessage('unreachable', label, message));
}

/**
 * One HTTP request to a store and its answer's text, within `timeoutMs` for the request and the answer
 * together (and `signal`, the user's cancel): no answer, or one that stops before its end, is a
 * {@link StoreError} of its class. The status is the caller's to judge.
 */
export async function fetchText(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  label: string,
  signal?: AbortSignal,
): Promise<{ res: Response; text: string }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    if ((err as Error)?.name === 'TimeoutError') throw new StoreError('timeout', storeMessage('timeout', label, 'no answer in time'));
    throw networkFailure(err, label);
  }
  try {
    return { res, text: await res.text() };
  } catch (err) {
    if ((err as Error)?.name === 'TimeoutError') throw new StoreError('timeout', storeMessage('timeout', label, 'the answer stopped before its end'));
    throw networkFailure(err, label);
  }
}

/** An HTTP answer that is not a success, classed by its status. */
export function httpFailure(status: number, body: string, label: string): StoreError {
  const failure: StoreFailure =
    status === 401
      ? 'unauthorized'
      : status === 403
        ? 'forbidden'
        : status === 429
          ? 'rate-limited'
          : status === 408 || status === 504
            ? 'timeout'
            : status === 400 || status === 422
              ? 'query'
              : 'http';
  return new StoreError(failure, storeMessage(failure, label, `HTTP ${status}${body.trim() ? `: ${body}` : ''}`), status);
}
