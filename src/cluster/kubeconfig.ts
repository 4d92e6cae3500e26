/**
 * Finds and loads the kubeconfig as kubectl does: `--kubeconfig` (the adapter's setting), else every
 * file of `$KUBECONFIG` that exists (merged, the first one's current-context wins), else
 * `~/.kube/config`, else the in-cluster service account. Unlike `KubeConfig.loadFromDefault`, which
 * quietly falls back to `http://localhost:8080` (and then fails with a TLS message about a server
 * nobody named), every way this can fail is a `KubeconfigError` that says what is wrong and what to do.
 * Its messages never quote the file's contents (they may hold credentials).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** How the user names a kubeconfig and a context in this adapter, for the "what to do" of a message. */
export interface KubeconfigHints {
  /** How to use another kubeconfig: `pass --kubeconfig FILE`, or the setting to set. */
  kubeconfig: string;
  /** How to use another context: `pass --context NAME`, or `pick another context`. */
  context: string;
}

/** The CLI's wording (the default). */
export const CLI_HINTS: KubeconfigHints = { kubeconfig: 'pass --kubeconfig FILE', context: 'pass --context NAME' };

/** A kubeconfig that cannot be found or used; the message says why and what to do. */
export class KubeconfigError extends Error {}

/** A loaded kubeconfig and where it came from (file paths, or `in-cluster`). */
export interface LoadedKubeconfig {
  kc: KubeConfig;
  /** The files read, or `['in-cluster service account']`. */
  sources: string[];
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** `~/.kube/config` as the message shows it. */
function tilde(path: string): string {
  const home = homedir();
  return home && path.startsWith(home + '/') ? `~${path.slice(home.length)}` : path;
}

function errnoWords(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    default:
      return err.message;
  }
}

/** Read one file into a KubeConfig, with its failures in words. */
function loadFile(file: string, hints: KubeconfigHints): KubeConfig {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read the kubeconfig ${file}: ${errnoWords(err as NodeJS.ErrnoException)}; check the path, or ${hints.kubeconfig}`);
  }
  const kc = new KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (err) {
    const e = err as Error & { mark?: { line: number; column: number }; reason?: string };
    if (e.name === 'YAMLException') {
      // js-yaml's message quotes the lines around the mistake: only its reason and position are shown.
      const at = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
      throw new KubeconfigError(`the kubeconfig ${file} is not valid YAML (${e.reason ?? 'syntax error'}${at}); fix it, or ${hints.kubeconfig} to use another`);
    }
    // An empty file or a YAML scalar: client-node reads fields of undefined.
    if (e instanceof TypeError)
      throw new KubeconfigError(`the kubeconfig ${file} is empty or not a kubeconfig (no clusters, users, contexts); ${hints.kubeconfig} to use another`);
    // client-node's own checks: `clusters[0].cluster.server is missing` and the like.
    throw new KubeconfigError(`the kubeconfig ${file} cannot be used: ${e.message}; fix it, or ${hints.kubeconfig} to use another`);
  }
  kc.makePathsAbsolute(dirname(file));
  return kc;
}

/** Where a kubeconfig is looked for, in kubectl's order, and why none was found. */
function defaultFiles(): { files: string[]; looked: string } {
  const env = process.env.KUBECONFIG;
  if (env) {
    const listed = env.split(delimiter).filter(Boolean);
    // kubectl skips the files of $KUBECONFIG that do not exist.
    return { files: listed.filter((f) => existsSync(f)), looked: `$KUBECONFIG=${env}, which names no existing file` };
  }
  const home = join(homedir(), '.kube', 'config');
  return { files: existsSync(home) ? [home] : [], looked: '$KUBECONFIG, ~/.kube/config' };
}

/** kubectl's merge of `$KUBECONFIG` files: the first definition of each name, and the first current-context, win. */
function merge(into: KubeConfig, from: KubeConfig): void {
  if (!into.getCurrentContext() && from.getCurrentContext()) into.setCurrentContext(from.getCurrentContext());
  for (const c of from.clusters) if (!into.getCluster(c.name)) into.addCluster(c);
  for (const u of from.users) if (!into.getUser(u.name)) into.addUser(u);
  for (const c of from.contexts) if (!into.getContextObject(c.name)) into.addContext(c);
}

/** Load the kubeconfig (see the file header). Throws KubeconfigError. */
export function loadKubeconfig(file: string | undefined, hints: KubeconfigHints = CLI_HINTS): LoadedKubeconfig {
  if (file) return { kc: loadFile(file, hints), sources: [file] };
  const { files, looked } = defaultFiles();
  if (files.length === 0) {
    if (process.env.KUBERNETES_SERVICE_HOST && process.env.KUBERNETES_SERVICE_PORT && existsSync(SERVICE_ACCOUNT_TOKEN)) {
      const kc = new KubeConfig();
      kc.loadFromCluster();
      return { kc, sources: ['in-cluster service account'] };
    }
    throw new KubeconfigError(`no kubeconfig found (looked in ${looked}); ${hints.kubeconfig}`);
  }
  const kc = loadFile(files[0], hints);
  for (const f of files.slice(1)) merge(kc, loadFile(f, hints));
  return { kc, sources: files };
}

/**
 * Pick the context: `name`, else the current one. Throws KubeconfigError when it is missing, or when
 * it points at a cluster the kubeconfig does not define.
 */
export function useContext(loaded: LoadedKubeconfig, name: string | undefined, hints: KubeconfigHints = CLI_HINTS): void {
  const { kc, sources } = loaded;
  const where = sources.map(tilde).join(', ');
  const names = kc.getContexts().map((c) => c.name);
  const has = names.length ? ` (it has: ${names.join(', ')})` : ' (it has no contexts)';
  if (name) {
    if (!kc.getContextObject(name)) {
      throw new KubeconfigError(
        names.length
          ? `context "${name}" not found in the kubeconfig${has}; ${hints.context}`
          : `context "${name}" not found: the kubeconfig ${where} has no contexts; ${hints.kubeconfig} to use another`,
      );
    }
    kc.setCurrentContext(name);
  } else {
    const current = kc.getCurrentContext();
    if (!current)
      throw new KubeconfigError(
        `the kubeconfig ${where} has no current-context${has}; ${names.length ? `${hints.context}, or run kubectl config use-context NAME` : `${hints.kubeconfig} to use another`}`,
      );
    if (!kc.getContextObject(current))
      throw new KubeconfigError(
        `the current-context "${current}" of the kubeconfig ${where} is not one of its contexts${has}; ${hints.context}, or run kubectl config use-context NAME`,
      );
  }
  const context = kc.getContextObject(kc.getCurrentContext())!;
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new KubeconfigError(
      `context "${context.name}" names the cluster "${context.cluster}", which the kubeconfig ${where} does not define; fix that context in the kubeconfig, or ${hints.context}`,
    );
}
