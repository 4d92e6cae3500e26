/**
 * Every grammar Postmortem Lens reads, in the order detection breaks ties (most specific first;
 * `plain` last, as the fallback).
 */
import type { LogGrammar, LogKind } from '../src/model';
import { klogGrammar } from './klog';
import { journaldGrammar } from './journald';
import { journaldJsonGrammar } from './journaldJson';
import { dmesgGrammar } from './dmesg';
import { syslogGrammar } from './syslog';
import { jenkinsGrammar } from './jenkins';
import { githubActionsGrammar } from './githubActions';
import { gitlabCiGrammar } from './gitlabCi';
import { dockerJsonGrammar } from './dockerJson';
import { jsonLinesGrammar } from './jsonLines';
import { logrusGrammar } from './logrus';
import { criGrammar } from './cri';
import { kubectlDescribeGrammar } from './kubectlDescribe';
import { kubectlGetGrammar } from './kubectlGet';
import { helmGrammar } from './helm';
import { plainGrammar } from './plain';

/** All formats, most specific first. */
export const ALL_GRAMMARS: readonly LogGrammar[] = [
  journaldJsonGrammar,
  dockerJsonGrammar,
  // After the two JSON kinds above: its lines are any object with a message key, theirs have fixed keys.
  jsonLinesGrammar,
  criGrammar,
  klogGrammar,
  logrusGrammar,
  journaldGrammar,
  dmesgGrammar,
  syslogGrammar,
  kubectlDescribeGrammar,
  kubectlGetGrammar,
  helmGrammar,
  githubActionsGrammar,
  gitlabCiGrammar,
  jenkinsGrammar,
  plainGrammar,
];

/** The grammar for a kind. */
export function grammarFor(kind: LogKind): LogGrammar {
  const f = ALL_GRAMMARS.find((x) => x.kind === kind);
  if (!f) throw new Error(`no grammar for kind ${kind}`);
  return f;
}
