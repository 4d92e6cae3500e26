/**
 * `diagnose --cluster`: the options that pick what to read from a live cluster, and the reading
 * itself (through src/cluster), turned into streamed inputs beside the files.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { planYears, YEAR_HEAD_CHARS, type LogKind, type StreamInput } from '../core';
import { specsNamed, type ClusterSpec, type ClusterSpecFields } from '../cluster/clusterSpec';
import { InputError } from './inputs';
import { loadCluster } from '../node/loadCluster';
import { PROGRESS } from './processIo';

/** The cluster options as commander parses them. */
export interface ClusterOptions extends ClusterSpecFields {
  cluster?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  tailLines?: number;
  since?: number;
  limitBytes?: number;
}

/** A command-line mistake in the cluster options: reported like an input error (exit 2). */
export class ClusterUsageError extends InputError {}

function positiveInt() {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('needs a positive whole number');
    return n;
  };
}

/** `--since 90s | 30m | 2h | 1h30m | 1d` -> seconds. */
export function parseSince(v: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
  if (!/^(?:\d+[smhd])+$/.test(v)) throw new InvalidArgumentError(`needs a duration such as 30m, 2h or 1h30m, got "${v}"`);
  let seconds = 0;
  for (const m of v.matchAll(/(\d+)([smhd])/g)) seconds += Number(m[1]) * units[m[2]];
  if (seconds < 1) throw new InvalidArgumentError(`must be at least 1s, got "${v}"`);
  return seconds;
}

/** `--limit-bytes 1048576 | 512Ki | 10Mi | 1Gi | 5M` -> bytes. */
export function parseBytes(v: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(v);
  const mult: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
  const n = m ? Number(m[1]) * mult[m[2] ?? ''] : NaN;
  if (!(n >= 1)) throw new InvalidArgumentError(`needs a size such as 1048576, 512Ki or 10Mi, got "${v}"`);
  return n;
}

/** Adds the cluster options to `diagnose`. */
export function clusterOptions(cmd: Command): Command {
  return cmd
    .option('--cluster', 'also read from a live cluster (kubeconfig credentials, as kubectl): with --pod, --selector, --node or --events')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option('-n, --namespace <ns>', "namespace (default: the context's, else default)")
    .option('--pod <name>', 'a pod: its describe, events and container logs (previous ones after a restart)')
    .option('--selector <selector>', 'the pods of a label selector (app=web) or a workload (deployment/NAME, statefulset/NAME, daemonset/NAME, job/NAME)')
    .option('--node <name>', 'a node: its conditions and events, and its pods as a table')
    .option('--events', "the namespace's recent events")
    .addOption(new Option('--tail-lines <n>', 'last lines of each container log (default 5000)').argParser(positiveInt()))
    .addOption(
      new Option(
        '--since <duration>',
        'only log lines (and, with --events, events) newer than this, e.g. 30m, 2h; with a log store, the window before --until (default 1h)',
      ).argParser(parseSince),
    )
    .addOption(new Option('--limit-bytes <n>', 'bytes of each container log at most, e.g. 10Mi (default 10Mi)').argParser(parseBytes))
    .addHelpText(
      'after',
      [
        '',
        'Live cluster (read-only; needs get/list on pods, pods/log, events, nodes):',
        '  postmortem-lens diagnose --cluster -n ci --pod jenkins-agent-x2x7q',
        '  postmortem-lens diagnose --cluster --context prod -n ci --selector deployment/payments-api --since 2h',
        '  postmortem-lens diagnose --cluster --node aks-nodepool1-2 kubelet.log --format markdown',
        '  postmortem-lens diagnose --cluster -n ci --events --format json',
        'Exit 2 when nothing could be read from the cluster; partial failures are warnings on stderr.',
      ].join('\n'),
    );
}

/**
 * The one thing to read, or null without --cluster. Throws ClusterUsageError on a bad combination.
 * `storeGiven`: a log store is read too, and --since is its window as well.
 */
export function clusterSpec(o: ClusterOptions, storeGiven = false): ClusterSpec | null {
  const picked = specsNamed(o);
  if (!o.cluster) {
    const stray = ['kubeconfig', 'context', 'namespace', 'pod', 'selector', 'node', 'events', 'tailLines', ...(storeGiven ? [] : ['since']), 'limitBytes'].find(
      (k) => o[k as keyof ClusterOptions] !== undefined,
    );
    if (stray)
      throw new ClusterUsageError(
        `--${stray.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} needs --cluster${stray === 'since' ? ' or a log store (--clickhouse, --loki)' : ''}`,
      );
    return null;
  }
  if (picked.length !== 1) throw new ClusterUsageError('--cluster needs exactly one of --pod NAME, --selector SELECTOR, --node NAME or --events');
  return picked[0];
}

/** Where progress and problems go. */
export interface ClusterIo {
  stderr: (s: string) => void;
  stderrIsTTY?: boolean;
  now: () => Date;
}

/**
 * Read the cluster as the options say. Problems are printed as `postmortem-lens: cluster: ...`
 * (warnings when something was read); when nothing could be read it throws InputError (exit 2),
 * whose message is the problem when there was one.
 */
export async function readCluster(io: ClusterIo, spec: ClusterSpec, o: ClusterOptions, kind: LogKind | undefined): Promise<StreamInput[]> {
  // Loaded on use (its own bundle): @kubernetes/client-node would double the start-up time of every other command.
  const { collectClusterInputs } = loadCluster();
  const { inputs, problems } = await collectClusterInputs(
    { kubeconfig: o.kubeconfig, context: o.context, namespace: o.namespace },
    spec,
    { tailLines: o.tailLines, sinceSeconds: o.since, limitBytes: o.limitBytes },
    {
      now: io.now,
      onProgress: io.stderrIsTTY ? (done, total, what) => io.stderr(`${PROGRESS}cluster: ${done}/${total} ${what}`) : undefined,
    },
  );
  if (io.stderrIsTTY) io.stderr(PROGRESS);
  const failed = inputs.length === 0;
  // A message that already names what it is about (`no kubeconfig found`, `pod ci/x does not exist`) is not prefixed.
  const lines = problems.map((p) => (p.message.includes(p.source) ? p.message : `${p.source}: ${p.message}`));
  if (failed && lines.length <= 1) throw new InputError(`cluster: ${lines[0] ?? 'nothing could be read'}`);
  for (const text of lines) io.stderr(`postmortem-lens: cluster: ${failed ? '' : 'warning: '}${text}\n`);
  if (failed) throw new InputError('cluster: nothing could be read');
  const years = planYears(
    inputs.map((i) => i.text.slice(0, YEAR_HEAD_CHARS)),
    [],
    io.now().getUTCFullYear(),
  );
  return inputs.map((i, n) => {
    const bytes = Buffer.from(i.text, 'utf8');
    return {
      name: i.name,
      chunks: [bytes],
      size: bytes.length,
      kind: i.kind ?? kind,
      defaultYear: years[n],
    };
  });
}
