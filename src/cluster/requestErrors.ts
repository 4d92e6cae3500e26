/**
 * How a request to the API server fails, as the cluster source tells it apart: the error class and the
 * functions that turn an HTTP status, a network error or a stalled body into one.
 */
import type { Status } from './apiTypes';

/** What went wrong with a request, as far as the cluster source cares. */
export type RequestFailure =
  'config' | 'unreachable' | 'tls' | 'unauthorized' | 'forbidden' | 'not-found' | 'timeout' | 'cancelled' | 'too-large' | 'redirect' | 'malformed' | 'http';

/** A failed request. `message` is raw (it may hold secrets): build user-facing text with `clusterProblems`. */
export class ClusterRequestError extends Error {
  constructor(
    /** The class of failure. */
    readonly failure: RequestFailure,
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** The server's Status body, when it sent one. */
    readonly apiStatus?: Status,
    /** Node's error code (`ECONNREFUSED`, `CERT_HAS_EXPIRED` ...). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Why a body ended before the server's end: the byte limit, nothing arriving for `timeoutMs`, or the `deadlineMs` of the request. */
export type BodyCut = 'limit' | 'idle' | 'deadline';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED']);

function isTlsError(code: string | undefined, message: string): boolean {
  return (
    (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|EPROTO|ALTNAME|HOSTNAME_MISMATCH/.test(code)) ||
    /certificate|SSL routines|TLS/i.test(message)
  );
}

/** A non-2xx answer: its Status body when it sent one. */
export function httpError(status: number, body: Buffer, path: string): ClusterRequestError {
  let apiStatus: Status | undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Status;
    if (parsed && typeof parsed === 'object') apiStatus = parsed;
  } catch {
    /* not a Status */
  }
  const failure: RequestFailure = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not-found' : 'http';
  const text = apiStatus?.message ?? body.toString('utf8').slice(0, 200).trim();
  return new ClusterRequestError(failure, `${status} from ${path}${text ? `: ${text}` : ''}`, status, apiStatus);
}

/** A request given up because its body stalled or its deadline passed before anything usable arrived. */
export function cutError(cut: BodyCut, size: number, server: string, limits: { timeoutMs: number; deadlineMs: number }): ClusterRequestError {
  if (cut === 'deadline') {
    return new ClusterRequestError(
      'timeout',
      `${server} had not finished answering within ${limits.deadlineMs} ms (the bound of one request${size ? `; ${size} bytes had arrived` : ''})`,
    );
  }
  return new ClusterRequestError(
    'timeout',
    size ? `${server} stopped sending for ${limits.timeoutMs} ms after ${size} bytes` : `no answer from ${server} within ${limits.timeoutMs} ms`,
  );
}

/** A socket or TLS error. */
export function networkError(err: NodeJS.ErrnoException, server: string): ClusterRequestError {
  const code = err.code;
  if (code && UNREACHABLE.has(code)) return new ClusterRequestError('unreachable', `${code} ${server}`, undefined, undefined, code);
  if (isTlsError(code, err.message)) return new ClusterRequestError('tls', err.message, undefined, undefined, code);
  return new ClusterRequestError('unreachable', err.message, undefined, undefined, code);
}
