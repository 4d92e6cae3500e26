/**
 * Turns failed requests into problems a person can act on (what failed, why, what to run next),
 * with every credential redacted.
 */
import { redactText } from '../core';
import { ClusterRequestError } from './kubeHttp';

declare const PACKAGE_ISSUES: string;
/** Where an internal error is to be reported (set by the build; the words when run from source). */
const ISSUES = typeof PACKAGE_ISSUES === 'string' ? PACKAGE_ISSUES : "the project's issue tracker";

/**
 * An error that is our bug, not the cluster's: what we were doing on which input, the error's own
 * words (never its stack), and where to report it.
 */
export function internalErrorMessage(err: unknown, doing: string): string {
  const e = err as Error;
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(err);
  return `internal error while ${doing}: ${what}. This is a bug in postmortem-lens, not a problem of the cluster; please report it at ${ISSUES} with this message (and, if you can share it, the object's JSON from kubectl get -o json, checked for secrets)`;
}

/** Something the cluster source could not read. */
export interface ClusterProblem {
  /** What was being read: `pod ci/jenkins-1`, `pod ci/jenkins-1 container jnlp (previous)`, `events in ci`. */
  source: string;
  /** Why, and what to try; never holds a credential. */
  message: string;
  /** True when the whole requested source is lost (the pod, node, workload or event list), false for a part of it. */
  fatal: boolean;
}

/** What a request was for, to word its failure: `list` `pods` in `ci`, or `get` `nodes` `aks-1`. */
export interface RequestPurpose {
  /** API verb. */
  verb: 'get' | 'list';
  /** Resource, plural (`pods`, `pods/log`, `events`, `deployments`). */
  resource: string;
  /** Namespace, absent for cluster-scoped reads. */
  namespace?: string;
  /** Object name for `get`. */
  name?: string;
  /** API server URL. */
  server: string;
  /** Context name. */
  context: string;
}

/** Replaces known credentials and anything shaped like one. */
export class Redactor {
  constructor(private readonly secrets: Iterable<string>) {}

  /** Redact a message: the credentials this connection holds, then everything core's detector finds. */
  message(text: string): string {
    return redactText(this.known(text));
  }

  /** Replace only the credentials this connection holds (log text keeps everything else as it was). */
  known(text: string): string {
    let out = text;
    for (const s of this.secrets) if (s.length >= 6 && out.includes(s)) out = out.split(s).join('[REDACTED:credential]');
    return out;
  }
}

/** `list pods in namespace ci`, `get nodes aks-1`. */
function what(p: RequestPurpose): string {
  return `${p.verb} ${p.resource}${p.name ? ` ${p.name}` : ''} ${where(p)}`;
}

function where(p: RequestPurpose): string {
  return p.namespace ? `in namespace ${p.namespace}` : 'at cluster scope';
}

function listCommand(p: RequestPurpose): string {
  const resource = p.resource.split('/')[0];
  return `kubectl get ${resource}${p.namespace ? ` -n ${p.namespace}` : ''} --context ${p.context}`;
}

/** `cannot list pods in namespace ci`, from the Status message when it says so, else from the request. */
export function forbiddenWhat(err: ClusterRequestError, p: RequestPurpose): string {
  const m = /cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)"| at the cluster scope)?/.exec(
    err.apiStatus?.message ?? err.message,
  );
  if (m) {
    const resource = m[3] ? `${m[2]}.${m[3]}` : m[2];
    return `cannot ${m[1]} ${resource} ${m[4] ? `in namespace ${m[4]}` : 'at cluster scope'}`;
  }
  return `cannot ${p.verb} ${p.resource} ${where(p)}`;
}

/** The user-facing message for a failed request. */
export function problemMessage(err: unknown, p: RequestPurpose): string {
  if (!(err instanceof ClusterRequestError)) return internalErrorMessage(err, `reading ${what(p)}`);
  const user = err.apiStatus?.message?.match(/User "([^"]+)"/)?.[1];
  switch (err.failure) {
    case 'config':
      return err.message;
    case 'unreachable':
      return `cannot reach the API server at ${p.server}${err.code ? ` (${err.code === 'ECONNREFUSED' ? 'connection refused' : err.code})` : `: ${err.message}`}; is the cluster up and context ${p.context} the right one?`;
    case 'tls':
      return `TLS with ${p.server} failed${err.code ? ` (${err.code})` : ''}: ${err.message}; check certificate-authority(-data) of the cluster in the kubeconfig`;
    case 'unauthorized':
      return `the API server rejected the credentials of context ${p.context} (401 Unauthorized): the token or client certificate is wrong or expired; log in again or refresh the kubeconfig`;
    case 'forbidden':
      return `forbidden (403): ${user ? `${user} ` : ''}${forbiddenWhat(err, p)}; ask for that permission (kubectl auth can-i ${p.verb} ${p.resource}${p.namespace ? ` -n ${p.namespace}` : ''})`;
    case 'not-found':
      return p.name
        ? `${p.resource.replace(/s$/, '').split('/')[0]} ${p.namespace ? `${p.namespace}/` : ''}${p.name} does not exist; see \`${listCommand(p)}\``
        : `the API server has no ${p.resource}${p.namespace ? ` in namespace ${p.namespace}` : ''} (404)`;
    case 'timeout':
      return `${err.message} (${p.verb} ${p.resource}${p.name ? ` ${p.name}` : ''}); the request was aborted`;
    case 'cancelled':
      return 'cancelled';
    case 'too-large':
      return err.message;
    case 'redirect':
      return `the API server answered ${err.status} (a redirect${err.message ? ` to ${err.message}` : ''}) to ${what(p)}; redirects are not followed: the API server does not redirect its own paths, so a proxy or a login page may stand in front of it (check the server address of context ${p.context})`;
    case 'malformed':
      return `the answer to ${what(p)} could not be read: ${err.message}`;
    default:
      return `the API server answered ${err.status ?? '?'} to ${p.verb} ${p.resource}${p.name ? ` ${p.name}` : ''}: ${err.apiStatus?.message ?? err.message}`;
  }
}
