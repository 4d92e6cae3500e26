/**
 * klog/glog: the header Kubernetes components (kubelet, apiserver, controller-manager) write.
 *   I0413 10:15:02.123456    1234 kubelet.go:1234] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"
 * Spec: klog `formatHeader` (https://github.com/kubernetes/klog/blob/main/klog.go), KEP-1602 for
 * the structured form. Go stack traces after an `F` line are continuation lines.
 */
import type { LogGrammar, ParseContext, ParsedHead } from '../../src/model';
import { defineGrammar } from '../common/faults';
import { klogToHead, readKlogLine } from './klogToEvents';

export { readKlogLine, sourceFromCaller, type KlogLine } from './klogToEvents';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** True when `line` starts like a klog header: `Lmmdd hh:mm:ss`. */
export function looksLikeKlog(line: string): boolean {
  const c0 = line.charCodeAt(0);
  if (c0 !== 73 && c0 !== 87 && c0 !== 69 && c0 !== 70) return false;
  return (
    isDigit(line.charCodeAt(1)) &&
    isDigit(line.charCodeAt(4)) &&
    line.charCodeAt(5) === 32 &&
    isDigit(line.charCodeAt(6)) &&
    line.charCodeAt(8) === 58 &&
    line.charCodeAt(11) === 58
  );
}

const FULL_HEAD = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ [\w.\-/]+:\d+\] /;

/** The klog grammar. */
export const klogGrammar: LogGrammar = defineGrammar({
  kind: 'klog',
  // klog's header has month and day only (`I0413`); klogToHead takes the year from the context.
  mayStateYear: () => false,
  detect(line: string): number {
    if (!looksLikeKlog(line)) return 0;
    return FULL_HEAD.test(line.slice(0, 300)) ? 3 : 2;
  },
  parseHead(line: string, ctx: ParseContext): ParsedHead | null {
    if (!looksLikeKlog(line)) return null;
    const k = readKlogLine(line);
    return k ? klogToHead(k, ctx) : null;
  },
});
