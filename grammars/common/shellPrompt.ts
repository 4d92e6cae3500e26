/**
 * Shell prompt lines in pasted terminal output: where one command's output ends and the next begins.
 *   user@bastion:~$ journalctl -u kubelet --since "1 hour ago"
 *   root@node-1:/# dmesg -T
 *   [root@node-1 ~]# crictl logs 3f0c
 *   PS C:\Users\sre> kubectl describe node aks-nodepool1-2
 *   $ kubectl -n ci logs jenkins-agent-x2x7q
 * A prompt with a user@host (or a PowerShell path) is unmistakable. A bare `$ `, `# `, `% ` or `❯ `
 * counts only before a command that prints logs (kubectl, journalctl, dmesg ...): CI consoles echo their
 * own steps as `$ git clone ...` (GitLab) or `$ docker run ...` (Jenkins docker-workflow), and `# ` starts
 * comments. Spec: bash PS1 defaults (`\u@\h:\w\$ `), Fedora/RHEL (`[\u@\h \W]\$ `), PowerShell `prompt`.
 */
import type { LogKind } from '../../src/model';

const USER_AT_HOST = /^(?:\([^)\s]{1,40}\) )?[\w.-]{1,64}@[\w.-]{1,128}(?::[^\s$#%>]{0,256})? ?[$#%] +(\S.*)$/;
const BRACKETED = /^\[[\w.-]{1,64}@[\w.-]{1,128}(?: [^\]]{0,256})?\] ?[$#%] +(\S.*)$/;
const POWERSHELL = /^PS [A-Za-z]:\\[^>]{0,256}> +(\S.*)$/;
const BARE = /^[$#%❯] +(\S.*)$/;

/** Commands whose output is a log, a describe or a table worth reading; `docker`/`nerdctl` only with `logs`. */
const LOG_COMMANDS = new Set([
  'kubectl',
  'oc',
  'k',
  'journalctl',
  'dmesg',
  'crictl',
  'helm',
  'stern',
  'glab',
  'cat',
  'tail',
  'head',
  'less',
  'zcat',
  'grep',
  'egrep',
  'zgrep',
]);
/** kubectl options that take a value, so the word after them is not the subcommand. */
const KUBECTL_VALUED = /^(?:-n|--namespace|--context|--cluster|--kubeconfig|-s|--server|--user|--token|-l|--selector|-o|--output)$/;

/** The command typed after a shell prompt on `line`, or undefined when the line is no prompt. */
export function promptCommand(line: string): string | undefined {
  const c0 = line.charCodeAt(0);
  // Cheap first-character screen: every prompt starts with a word character, `[`, `(`, `$`, `#`, `%` or `❯`.
  if (!(c0 === 36 || c0 === 35 || c0 === 37 || c0 === 0x276f || c0 === 91 || c0 === 40 || /\w/.test(line[0] ?? ''))) return undefined;
  if (line.length > 4096) return undefined;
  const strong = USER_AT_HOST.exec(line) ?? BRACKETED.exec(line) ?? POWERSHELL.exec(line);
  if (strong) return strong[1];
  const bare = BARE.exec(line);
  if (!bare) return undefined;
  const words = commandWords(bare[1]);
  if (!LOG_COMMANDS.has(words[0]) && !((words[0] === 'docker' || words[0] === 'nerdctl') && words[1] === 'logs')) return undefined;
  return bare[1];
}

/** The command's words, without `sudo` and leading `VAR=value` assignments. */
function commandWords(command: string): string[] {
  const words = command.split(/\s+/);
  while (words.length > 1 && (words[0] === 'sudo' || /^\w+=/.test(words[0]))) words.shift();
  return words;
}

/**
 * The kind a command prints, when its name says so: `kubectl describe` a describe, `kubectl get` a
 * table (not with `-o json/yaml/...`), `journalctl` the journal (`-o json` its JSON), `dmesg` the kernel
 * ring buffer, `helm` helm's output, `glab ci trace` a GitLab CI job log. (`gh run view --log` prefixes
 * each line with the job and step names, a shape the github-actions grammar does not read.) Logs of a pod or container (`kubectl logs`, `crictl logs`) can be
 * anything: undefined, and the lines are sniffed.
 */
export function kindOfCommand(command: string): LogKind | undefined {
  const first = command.split('|')[0];
  const words = commandWords(first.trim());
  const output = /(?:^|\s)(?:-o|--output)[ =]?(\S+)/.exec(first)?.[1];
  switch (words[0]) {
    case 'kubectl':
    case 'oc':
    case 'k': {
      let i = 1;
      while (i < words.length && words[i].startsWith('-')) i += KUBECTL_VALUED.test(words[i]) ? 2 : 1;
      if (words[i] === 'describe') return 'kubectl-describe';
      if (words[i] === 'get') return output === undefined || /^(?:wide|custom-columns)/.test(output) ? 'kubectl-get' : undefined;
      return undefined;
    }
    case 'journalctl':
      if (output === undefined || /^short/.test(output)) return 'journald';
      return /^json/.test(output) ? 'journald-json' : undefined;
    case 'dmesg':
      return 'dmesg';
    case 'helm':
      return 'helm';
    case 'glab':
      return words[1] === 'ci' && words[2] === 'trace' ? 'gitlab-ci' : undefined;
    default:
      return undefined;
  }
}
