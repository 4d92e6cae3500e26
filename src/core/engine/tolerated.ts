/**
 * Failures that their own tool says it tolerated. Ansible prints `...ignoring` under the failed result of
 * a task with `ignore_errors: true` and the play goes on: kubespray and kubeadm roles do it for checks
 * whose failure is an answer (`kubectl get configmap x` when x may not exist yet). Such an event is no
 * failure, so no signature is reported on it and it is not an unknown error either.
 *
 * The marker follows the task's results: after the failed one, after the item results of a loop
 * (`failed: [node1] (item=a) => ...` then `fatal: [node1]: FAILED! => ...` then `...ignoring`), after
 * other hosts' results of the same task, and after a result the YAML callback spreads over indented
 * lines. So from the line after an event, result lines and indented lines are passed over until the
 * marker (tolerated) or any other line (not). Lines may carry a CI system's prefix (a timestamp).
 *
 * The marker is looked for in the event's block only: a failure whose marker falls in the next block is
 * reported (blocks are read independently; content-defined cuts make that rare).
 */

/** Lines passed over at most between an event and the marker. */
const MAX_RESULT_LINES = 64;

/** An Ansible task result line: `fatal: [host]: FAILED!`, `failed: [host] (item=...)`, `ok: [host]` ... */
const RESULT = /(?:^|\s)(?:fatal|failed|ok|changed|skipping|included): \[[^\]\n]*\]/;

/** Is line `text` Ansible's `...ignoring` (after any prefix)? */
function isIgnoring(text: string): boolean {
  const t = text.trimEnd();
  if (!t.endsWith('...ignoring')) return false;
  const before = t.length - '...ignoring'.length - 1;
  return before < 0 || t.charCodeAt(before) === 0x20 || t.charCodeAt(before) === 0x09;
}

/**
 * Does the tool say, on the lines from block line `next` on, that the failure above was tolerated?
 * `line(i)` is block line i, undefined past the block's end.
 */
export function toleratedFrom(line: (i: number) => string | undefined, next: number): boolean {
  for (let i = next; i < next + MAX_RESULT_LINES; i++) {
    const text = line(i);
    if (text === undefined) return false;
    if (isIgnoring(text)) return true;
    const c = text.charCodeAt(0);
    if (c !== 0x20 && c !== 0x09 && !RESULT.test(text)) return false;
  }
  return false;
}
