/**
 * Every grammar Postmortem Lens reads, in the order detection breaks ties (most specific first;
 * `plain` last, as the fallback).
 */
import type { LogFormat, LogKind } from '../src/model';
import { klogFormat } from './klog';
import { journaldFormat } from './journald';
import { journaldJsonFormat } from './journaldJson';
import { dmesgFormat } from './dmesg';
import { syslogFormat } from './syslog';
import { jenkinsFormat } from './jenkins';
import { githubActionsFormat } from './githubActions';
import { gitlabCiFormat } from './gitlabCi';
import { dockerJsonFormat } from './dockerJson';
import { jsonLinesFormat } from './jsonLines';
import { logrusFormat } from './logrus';
import { criFormat } from './cri';
import { kubectlDescribeFormat } from './kubectlDescribe';
import { kubectlGetFormat } from './kubectlGet';
import { helmFormat } from './helm';
import { plainFormat } from './plain';

/** All formats, most specific first. */
export const ALL_FORMATS: readonly LogFormat[] = [
  journaldJsonFormat,
  dockerJsonFormat,
  // After the two JSON kinds above: its lines are any object with a message key, theirs have fixed keys.
  jsonLinesFormat,
  criFormat,
  klogFormat,
  logrusFormat,
  journaldFormat,
  dmesgFormat,
  syslogFormat,
  kubectlDescribeFormat,
  kubectlGetFormat,
  helmFormat,
  githubActionsFormat,
  gitlabCiFormat,
  jenkinsFormat,
  plainFormat,
];

/** The grammar for a kind. */
export function formatFor(kind: LogKind): LogFormat {
  const f = ALL_FORMATS.find((x) => x.kind === kind);
  if (!f) throw new Error(`no grammar for kind ${kind}`);
  return f;
}
