/**
 * A bound on kubeconfig exec credential plugins (`users[].user.exec`: aws, gke-gcloud-auth-plugin,
 * kubelogin ...). `@kubernetes/client-node` runs them with `child_process.spawn` and waits for them
 * with no limit and no way to stop them: a plugin that waits for a browser login or a prompt would
 * keep us (and, as a live child process, the CLI) waiting forever. The library offers no hook, so its
 * ExecAuth's spawn function is wrapped once here; each credential request runs inside
 * `withExecBounds`, whose bound the wrapper reads through AsyncLocalStorage (the request's own
 * bound, so concurrent runs with different bounds do not mix). On the bound or on cancel the
 * plugin is killed (SIGKILL) and its pipes closed, so nothing is left running.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** The bound of the plugins of one credential request, and what happened to them. */
export interface ExecBounds {
  /** Kill a plugin still running after this long. */
  timeoutMs: number;
  /** Kill it when this fires. */
  signal?: AbortSignal;
  /** Set when a plugin was killed, and why. */
  killed?: 'timeout' | 'cancelled';
}

const current = new AsyncLocalStorage<ExecBounds>();

type SpawnFn = (command: string, args: readonly string[] | undefined, options: SpawnOptions) => ChildProcess;

/** spawn, killing the child at the bound of the request it runs for. */
const boundedSpawn: SpawnFn = (command, args, options) => {
  const child = spawn(command, args ?? [], options ?? {});
  const b = current.getStore();
  if (!b) return child;
  const stop = (why: 'timeout' | 'cancelled'): void => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    b.killed = why;
    child.kill('SIGKILL');
    // A grandchild holding the pipes would keep them open (and the library waiting for 'close').
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  const timer = setTimeout(() => stop('timeout'), b.timeoutMs);
  const onAbort = (): void => stop('cancelled');
  b.signal?.addEventListener('abort', onAbort, { once: true });
  const done = (): void => {
    clearTimeout(timer);
    b.signal?.removeEventListener('abort', onAbort);
  };
  child.once('exit', done);
  child.once('error', done);
  return child;
};

let installed: boolean | undefined;

/**
 * Wrap client-node's exec spawn (once). False when this version of the library has no such hook:
 * then the request still gives up at the bound, but the plugin is not killed (the unit test of the
 * hanging plugin fails first, so an upgrade that moves the hook is noticed).
 */
function install(): boolean {
  if (installed !== undefined) return installed;
  const authenticators = (KubeConfig as unknown as { authenticators?: { execFn?: SpawnFn }[] }).authenticators ?? [];
  const exec = authenticators.find((a) => typeof a.execFn === 'function');
  if (exec) exec.execFn = boundedSpawn;
  return (installed = !!exec);
}

/** Run `fn` (which may start exec plugins through client-node) with `bounds` on those plugins. */
export function withExecBounds<T>(bounds: ExecBounds, fn: () => Promise<T>): Promise<T> {
  install();
  return current.run(bounds, fn);
}
