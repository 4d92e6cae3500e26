/**
 * Tokens of `kubectl get` table output (pods, nodes, events, any resource).
 *
 * Sample line: `jenkins     jenkins-6486f9b8c7-x2x7q   0/1     Evicted   0          115d`
 *
 * Specified by kubectl's table printers (k8s.io/kubectl/pkg/cmd/get, printers in
 * k8s.io/kubernetes/pkg/printers/internalversion): tabwriter columns padded by at least 3 spaces.
 * A line is a list of cells; blanks between them are skipped, the cells keep their offsets.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Any character but a blank (written as ranges, not a complement, so the lexer stays optimized). */
const CH = '[\\x00-\\x08\\x0a-\\x1f\\x21-\\uffff]';

/** Blanks between cells; skipped, since cells keep their offsets. */
export const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });

/** An upper-case header cell: `NAME`, `LAST SEEN`, `NOMINATED NODE`, `PORT(S)`. */
export const HeaderWord = createToken({
  name: 'HeaderWord',
  pattern: /[A-Z][A-Z0-9_()./-]*(?: [A-Z][A-Z0-9_()./-]*)*(?=[ \t]|(?![^]))/,
});

/** Any other cell: non-blank text with single spaces inside (`3 (2m ago)`, `pod/jenkins-1`). */
export const Cell = createToken({ name: 'Cell', pattern: new RegExp(`${CH}+(?: ${CH}+)*`) });

/** All tokens, in matching order. */
export const kubectlGetTokens: TokenType[] = [Blank, HeaderWord, Cell];
