/**
 * Line facts: what the cross-line checks need from lines that are not rows of a `kubectl get` table.
 * One small extractor per fact kind reads the lines that hold one of its marker words (found by the
 * catalogue's small automaton of these words, catalogue/factMarkers.ts: one scan of the raw bytes, and
 * nothing at all for a catalogue without these checks) and returns named facts. A fact travels as a {@link TableRow} whose
 * `fields.fact` names it (table rows never have a lower-case `fact` field), so the engine, the
 * incremental reader and the worker threads carry facts the way they carry rows, and the collector
 * keeps them bounded ({@link MAX_LINE_FACTS}).
 *
 * Facts (each with `value`, and `host` when the line or the command before it names one):
 * - `cni-listing` / `cni-file`: a listing of the CNI config directory (`ls /etc/cni/net.d`, `ls -l`,
 *   `find`, `tree`) and each config-looking file in it (`group` ties a file to its listing, `ignored`
 *   marks what the runtime skips: backups, other extensions, directories); a listing's output pasted
 *   without its command counts when it names a `.conflist` file (an extension only CNI uses);
 * - `cni-used` / `cni-found`: the runtime naming the config file it loaded (`Using CNI configuration
 *   file ...`) or found (CRI-O / ocicni `Found CNI network NAME (type=T) at FILE`);
 * - `cgroup-kubelet`, `cgroup-kubelet-cri`, `cgroup-runtime` (with `runtime`): cgroup drivers stated
 *   by kubelet flags, config and startup dumps, and by docker, containerd and CRI-O settings;
 * - `cluster-cidr`, `pod-cidr` (with `node`): the controller-manager's `--cluster-cidr` (kubeadm
 *   `podSubnet`, kubespray `kube_pods_subnet`, kube-proxy `clusterCIDR`) and nodes' podCIDRs stated
 *   outside tables (`kubectl describe node`, the kubelet's `Setting Pod CIDR`, node JSON/YAML).
 *
 * Hand-written: the facts are a handful of fixed phrasings of a few tools' output; a rule language or a
 * parser library would add a dependency without closing a class the regexes below do not.
 */
import type { CrossCheckName, LogKind } from '../../model';
import { FACT_MARKERS } from '../catalogue/factMarkers';
import type { TableRow } from './factRow';

/** Line facts kept per run at most; the rest are counted and a notice names them. */
export const MAX_LINE_FACTS = 20_000;
/** Lines after a listing command read as its output, at most. */
const MAX_LISTING_LINES = 200;
/** Lines looked back from a fact line for the command or `Name:` that names its host. */
const LOOK_BACK_LINES = 40;
const NODE_NAME_LOOK_BACK = 120;

/** What the extractor reads a block through. */
export interface FactSource {
  /** Index of the input in the run. */
  input: number;
  /** Lines in the block. */
  count: number;
  /** Decoded line `i` of the block. */
  line(i: number): string;
  /** 1-based input line of block line `i`. */
  lineNo(i: number): number;
  /** The kind of the segment holding block line `i`. */
  kindAt(i: number): LogKind;
  /** Block lines holding a marker word of FACT_MARKERS (ascending, each once). */
  marked: readonly number[];
}

/** One fact of a line, before it becomes a row. */
type Fact = Record<string, string> & { fact: string; value: string };

/** Every line fact of a block that the `checks` need, in line order. */
export function lineFactsOf(src: FactSource, checks: readonly CrossCheckName[]): TableRow[] {
  const wanted = checks.filter((c) => FACT_MARKERS[c]);
  if (wanted.length === 0) return [];
  const out: TableRow[] = [];
  const push = (i: number, f: Fact): void => {
    out.push({ input: src.input, line: src.lineNo(i), text: src.line(i), fields: f, kind: src.kindAt(i) });
  };
  // Lines already read as a listing's output are not read again (find prints the directory on each).
  let consumed = -1;
  for (const i of src.marked) {
    if (i <= consumed) continue;
    const text = src.line(i);
    if (wanted.includes('multiple-cni-configs')) {
      const listing = listingCommand(text);
      if (listing) {
        consumed = readListing(src, i + 1, listing.tool, { at: i, dir: listing.dir }, push);
        continue;
      }
      const output = outputWithoutCommand(src, i);
      if (output !== undefined) {
        consumed = readListing(src, output, 'ls', undefined, push);
        continue;
      }
      for (const f of runtimeCniFacts(text)) push(i, withHost(f, src, i));
    }
    if (wanted.includes('cgroup-driver-differs')) for (const f of cgroupFacts(text)) push(i, withHost(f, src, i));
    if (wanted.includes('cluster-cidr-excludes-node-podcidr'))
      for (const f of cidrFacts(text)) {
        const g = withHost(f, src, i);
        const node = f.fact === 'pod-cidr' ? (describedNode(src, i) ?? g.host) : undefined;
        push(i, node ? { ...g, node } : g);
      }
  }
  return out;
}

// ---- hosts ------------------------------------------------------------------------------------

/** The writer host of a journal/syslog line (`Dec 04 20:41:20 ip-10-20-3-41 kubelet[9731]: ...`). */
const SYSLOG_HOST =
  /^(?:[A-Z][a-z]{2} [ \d]?\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) ([\w.-]+) [\w.@/-]+(?:\[\d+\])?: /;
const PROMPT_HOST = /^(?:\([^)\s]{1,40}\) )?[\w.-]{1,64}@([\w.-]{1,128})(?::[^\s$#%>]{0,256})? ?[$#%] /;
const BRACKET_PROMPT_HOST = /^\[[\w.-]{1,64}@([\w.-]{1,128})(?: [^\]]{0,256})?\] ?[$#%] /;
const BARE_PROMPT = /^\s*[$#%❯] \S/;
const SSH_HOST = /\bssh\s+(?:-[A-Za-z]+\s+)*(?:[\w.-]+@)?([A-Za-z0-9][\w.-]*)\s/;
const CONFIGZ_NODE = /\/api\/v1\/nodes\/([\w.-]+)\/proxy\/configz/;

/** The host a command line (a prompt, `ssh HOST ...`, the configz URL of a node) names, or undefined. */
function commandHost(text: string): string | undefined {
  return (SSH_HOST.exec(text) ?? CONFIGZ_NODE.exec(text) ?? PROMPT_HOST.exec(text) ?? BRACKET_PROMPT_HOST.exec(text))?.[1];
}

/** Is `text` a command typed at a prompt (where one command's output starts)? */
function isCommandLine(text: string): boolean {
  return BARE_PROMPT.test(text) || PROMPT_HOST.test(text) || BRACKET_PROMPT_HOST.test(text);
}

/**
 * The host block line `i` is about: the journal line's writer, else the host named by the command
 * whose output holds the line (the nearest command line above, within {@link LOOK_BACK_LINES}).
 */
function hostOf(src: FactSource, i: number): string | undefined {
  const own = src.line(i);
  const journal = SYSLOG_HOST.exec(own)?.[1];
  if (journal) return journal;
  if (isCommandLine(own)) return commandHost(own);
  for (let j = i - 1; j >= 0 && j >= i - LOOK_BACK_LINES; j--) {
    const t = src.line(j);
    if (isCommandLine(t)) return commandHost(t);
  }
  return undefined;
}

function withHost(f: Fact, src: FactSource, i: number): Fact {
  if (f.host !== undefined) return f;
  const host = hostOf(src, i);
  return host ? { ...f, host } : f;
}

// ---- CNI config files -------------------------------------------------------------------------

/** `ls [-l] .../cni/net.d[/]`, `find /etc/cni/net.d`, `tree ...` (after a prompt, `sudo`, `ssh HOST`). */
const LISTING = /(?:^|[\s;$#%>(`'"])(?:sudo\s+)?(ls|find|tree)((?:\s+-{1,2}[\w=-]+)*)\s+['"]?(\S*?cni\/net\.d)\/?\*?['"]?(?=\s|$|[;|)`'"])/;

interface Listing {
  tool: string;
  dir: string;
}

function listingCommand(text: string): Listing | undefined {
  const m = LISTING.exec(text);
  return m ? { tool: m[1], dir: m[3] } : undefined;
}

/** `-rw-r--r-- 1 root root 292 Nov  2 18:31 10-flannel.conflist` (also long-iso and full-iso times). */
const LONG_ENTRY =
  /^([-dlcbps])[rwxsStT-]{9}[.+@]?\s+\d+\s+\S+\s+\S+\s+[\d,.]+[KMGk]?\s+(?:[A-Z][a-z]{2}\s+\d{1,2}\s+(?:\d{1,2}:\d\d|\d{4})|\d{1,2}\s+[A-Za-z]{3,4}\.?\s+(?:\d{1,2}:\d\d|\d{4})|\d{4}-\d\d-\d\d\s+\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:\s+[+-]\d{4})?)\s+(.+)$/;
const TREE_ENTRY = /^[│├└─|`\-\s]+\s(\S.*)$/;
const NAME = /^[\w@+.,=~-]+$/;

/** Runtime-loadable config extensions (libcni `ConfFiles`): anything else, backups included, is skipped. */
export const CNI_CONFIG_EXTENSION = /\.(?:conf|conflist|json)$/;

/** A listing command naming some directory (one of the CNI directory is read by {@link listingCommand}). */
const OTHER_DIR_LISTING = /(?:^|[\s;$#%>(`'"])(?:sudo\s+)?(?:ls|find|tree)\b[^|;&]*\s['"]?[~.]?\/\S*/;

/** The names a line of a listing's output gives, or undefined when the line is no listing output. */
function entriesOf(text: string, tool: string): { name: string; type: string }[] | undefined {
  const t = text.trim();
  if (t === '' || isCommandLine(text)) return undefined;
  const long = LONG_ENTRY.exec(t);
  if (long) return [{ name: long[2].replace(/ -> .*$/, ''), type: long[1] }];
  // ls -l's total; the directory itself (find, tree) and tree's summary.
  if (/^total \d/.test(t) || /cni\/net\.d\/?$/.test(t) || /^\d+ director(?:y|ies), \d+ files?$/.test(t)) return [];
  if (t.startsWith('/') && !/\s/.test(t)) return [{ name: t, type: '-' }];
  if (tool === 'tree' && TREE_ENTRY.test(text)) return [{ name: TREE_ENTRY.exec(text)![1], type: '-' }];
  // Bare names: each word a file name with a dot, dash, underscore or digit (`10-calico.conflist`,
  // `calico-kubeconfig`, `multus.d`), so a sentence after the listing is not read as names.
  const words = t.split(/\s+/);
  return words.every((w) => NAME.test(w) && /[.\-_\d]/.test(w)) ? words.map((name) => ({ name, type: '-' })) : undefined;
}

/**
 * Read the output of a listing of the CNI config directory from block line `from`: `ls -l` rows, bare
 * names (several per line), `find` paths or `tree` branches, up to the first line that is none of them
 * (a prompt, a blank line, other output) and {@link MAX_LISTING_LINES} at most. `command` is the line
 * of the listing command, when the paste has one. Returns the last line read.
 */
function readListing(
  src: FactSource,
  from: number,
  tool: string,
  command: { at: number; dir: string } | undefined,
  push: (i: number, f: Fact) => void,
): number {
  const head = command?.at ?? from;
  const host = hostOf(src, head);
  const base: Record<string, string> = { group: `${src.input}:${src.lineNo(head)}`, ...(host ? { host } : {}) };
  if (command) push(command.at, { fact: 'cni-listing', value: command.dir, ...base });
  let last = head;
  for (let j = from; j < src.count && j < from + MAX_LISTING_LINES; j++) {
    const names = entriesOf(src.line(j), tool);
    if (!names) break;
    last = j;
    for (const { name, type } of names) {
      const file = name.replace(/^.*\//, '');
      // Files that do not even look like configs (kubeconfigs, certificates) are not named at all.
      if (file === '' || !/\.(?:conf|conflist|json)/.test(file)) continue;
      const ignored = type !== '-' && type !== 'l' ? 'directory' : CNI_CONFIG_EXTENSION.test(file) ? undefined : 'not .conf/.conflist/.json';
      push(j, { fact: 'cni-file', value: file, ...base, ...(ignored ? { ignored } : {}) });
    }
  }
  return last;
}

/**
 * The first line of a listing's output pasted without its command, when block line `i` (naming a
 * `.conflist` file, an extension only CNI uses) is one: the run of listing lines it sits in, read back
 * to the line after a prompt, a blank line or other output.
 */
function outputWithoutCommand(src: FactSource, i: number): number | undefined {
  const own = entriesOf(src.line(i), 'ls');
  if (!own || !own.some((e) => e.name.endsWith('.conflist'))) return undefined;
  let first = i;
  while (first > 0 && first > i - MAX_LISTING_LINES && entriesOf(src.line(first - 1), 'ls')) first--;
  // Its command is above after all (a listing longer than the bound): that reading owns it. A listing
  // of another directory (`ls /root/cni-backup`) is no picture of the runtime's.
  if (first > 0 && (listingCommand(src.line(first - 1)) || OTHER_DIR_LISTING.test(src.line(first - 1)))) return undefined;
  return first;
}

const USING_CNI = /Using CNI configuration file (\S+?)["',]?(?:\s|$)/;
const FOUND_CNI = /Found CNI network (\S+) \(type=([^)]*)\) at (\S+?)["',]?(?:\s|$)/;

function runtimeCniFacts(text: string): Fact[] {
  const out: Fact[] = [];
  const used = USING_CNI.exec(text);
  if (used) out.push({ fact: 'cni-used', value: used[1].replace(/^.*\//, '') });
  const found = FOUND_CNI.exec(text);
  if (found) out.push({ fact: 'cni-found', value: found[3].replace(/^.*\//, ''), network: found[1] });
  return out;
}

// ---- cgroup drivers -----------------------------------------------------------------------------

const DRIVER = '(systemd|cgroupfs)';
const KUBELET_FROM_CRI = new RegExp(`\\bcgroupDriver="?${DRIVER}`);
const KUBELET_FLAG = new RegExp(`--cgroup-driver[= ]["']?${DRIVER}`);
const KUBELET_CONFIG = new RegExp(`\\bcgroupDriver["']?\\s*[:=]\\s*["']?${DRIVER}`);
const KUBELET_NODE_CONFIG = new RegExp(`\\bCgroupDriver"?\\s*:\\s*"?${DRIVER}`);
const DOCKER_JSON = new RegExp(`"CgroupDriver"\\s*:\\s*"${DRIVER}"`);
const DOCKER_INFO = new RegExp(`Cgroup Driver:\\s*${DRIVER}`);
const DOCKER_EXEC_OPT = new RegExp(`native\\.cgroupdriver=${DRIVER}`);
const KUBEADM_DOCKER = new RegExp(`detected "${DRIVER}" as the Docker cgroup driver`);
const CONTAINERD = /(?:^|[\s{,])"?SystemdCgroup"?\s*[=:]\s*(true|false)\b/;
const CRIO = new RegExp(`\\bcgroup_manager\\s*=\\s*"${DRIVER}"`);

function cgroupFacts(text: string): Fact[] {
  // A commented-out setting (`# SystemdCgroup = true`) is not in force.
  if (/^\s*#\s*\w+\s*=/.test(text)) return [];
  let m: RegExpExecArray | null;
  // Phrase tests with includes, not `.*` in one regex: a long line repeating the phrase stays linear.
  if (text.includes('received from the CRI runtime') && (m = KUBELET_FROM_CRI.exec(text))) return [{ fact: 'cgroup-kubelet-cri', value: m[1] }];
  const nodeConfig = text.includes('nodeConfig') || text.includes('Node Config');
  if ((m = KUBELET_FLAG.exec(text) ?? KUBELET_CONFIG.exec(text) ?? (nodeConfig ? KUBELET_NODE_CONFIG.exec(text) : null)))
    return [{ fact: 'cgroup-kubelet', value: m[1] }];
  if ((m = DOCKER_JSON.exec(text) ?? DOCKER_INFO.exec(text) ?? DOCKER_EXEC_OPT.exec(text) ?? KUBEADM_DOCKER.exec(text)))
    return [{ fact: 'cgroup-runtime', value: m[1], runtime: 'docker' }];
  if ((m = CONTAINERD.exec(text))) return [{ fact: 'cgroup-runtime', value: m[1] === 'true' ? 'systemd' : 'cgroupfs', runtime: 'containerd' }];
  if ((m = CRIO.exec(text))) return [{ fact: 'cgroup-runtime', value: m[1], runtime: 'cri-o' }];
  return [];
}

// ---- cluster CIDR and node podCIDRs ---------------------------------------------------------------

const CIDR_LIST = '(\\d{1,3}(?:\\.\\d{1,3}){3}\\/\\d{1,2}(?:,[0-9a-fA-F.:]+\\/\\d{1,3})*)';
const CLUSTER_CIDR = new RegExp(`(?:--cluster-cidr|\\bcluster-cidr|\\bpodSubnet|\\bkube_pods_subnet|\\bclusterCIDR)["']?\\s*[:=]\\s*["']?${CIDR_LIST}`);
const POD_CIDR = [
  new RegExp(`\\bPodCIDRs?:\\s+${CIDR_LIST}`),
  new RegExp(`"podCIDRs?"\\s*:\\s*\\[?\\s*"${CIDR_LIST}"`),
  new RegExp(`^\\s*podCIDRs?:\\s*(?:-\\s*)?["']?${CIDR_LIST}`),
  new RegExp(`Setting Pod CIDR:\\s*\\S*\\s*->\\s*${CIDR_LIST}`),
  new RegExp(`newPodCIDR="${CIDR_LIST}`),
];
const DESCRIBE_NAME = /^Name:\s+(\S+)\s*$/;

function cidrFacts(text: string): Fact[] {
  const cluster = CLUSTER_CIDR.exec(text);
  if (cluster) return [{ fact: 'cluster-cidr', value: cluster[1] }];
  for (const re of POD_CIDR) {
    const m = re.exec(text);
    if (m) return [{ fact: 'pod-cidr', value: m[1] }];
  }
  return [];
}

/** The node a `PodCIDR:` line of `kubectl describe node` belongs to: the describe's `Name:` above it. */
export function describedNode(src: FactSource, i: number): string | undefined {
  for (let j = i - 1; j >= 0 && j >= i - NODE_NAME_LOOK_BACK; j--) {
    const m = DESCRIBE_NAME.exec(src.line(j));
    if (m) return m[1];
    if (isCommandLine(src.line(j))) return undefined;
  }
  return undefined;
}
