/**
 * The shape of the Signature Catalogue tree, as plain data (no `vscode`): categories with counts,
 * then severity groups (worst first), then signatures by title. The tree provider turns these
 * nodes into tree items in `getTreeItem`.
 */
import { CATEGORIES, FINDING_SEVERITIES, type Category, type CatalogueProblem, type CompiledSignature, type FindingSeverity } from '../../core';

/** The top node listing the problems of the user's signature files. */
export interface ProblemsNode {
  kind: 'problems';
  /** Every problem (errors first). */
  problems: CatalogueProblem[];
  /** How many of them are errors. */
  errors: number;
}

/** One problem of a user signature file. */
export interface ProblemNode {
  kind: 'problem';
  /** The problem as the catalogue reported it. */
  problem: CatalogueProblem;
}

/** A category with its signatures grouped by severity. */
export interface CategoryNode {
  kind: 'category';
  /** The category id. */
  category: Category | string;
  /** Signatures in it. */
  count: number;
  /** Severity groups, worst first; empty groups left out. */
  groups: SeverityNode[];
}

/** The signatures of one severity inside one category. */
export interface SeverityNode {
  kind: 'severity';
  /** Parent category. */
  category: Category | string;
  /** The severity. */
  severity: FindingSeverity;
  /** Signatures by title. */
  signatures: SignatureNode[];
}

/** One signature. */
export interface SignatureNode {
  kind: 'signature';
  /** The compiled signature (declaration and origin). */
  compiled: CompiledSignature;
  /** True when it comes from one of the user's folders. */
  user: boolean;
}

/** Any node of the catalogue tree. */
export type CatalogueNode = ProblemsNode | ProblemNode | CategoryNode | SeverityNode | SignatureNode;

const severityRank = (s: string): number => {
  const i = FINDING_SEVERITIES.indexOf(s as FindingSeverity);
  return i < 0 ? -1 : i;
};

/** Readable label of a category id (`control-plane` -> `Control plane`). */
export function categoryLabel(category: string): string {
  const words = category.replace(/-/g, ' ');
  return words === 'ci' ? 'CI' : words.charAt(0).toUpperCase() + words.slice(1);
}

/** Readable label of a severity (`critical` -> `Critical`). */
export function severityLabel(severity: string): string {
  return severity.charAt(0).toUpperCase() + severity.slice(1);
}

/**
 * The top-level nodes: a problems node when the user's files have errors, then one node per
 * category that has signatures (in the model's order; unknown categories last, by name).
 */
export function buildCatalogueTree(
  signatures: readonly CompiledSignature[],
  isUser: (cs: CompiledSignature) => boolean,
  userProblems: readonly CatalogueProblem[] = [],
): CatalogueNode[] {
  const out: CatalogueNode[] = [];
  const errors = userProblems.filter((p) => p.level === 'error').length;
  if (errors > 0) {
    const problems = [...userProblems].sort(
      (a, b) => Number(a.level !== 'error') - Number(b.level !== 'error') || a.file.localeCompare(b.file) || a.line - b.line,
    );
    out.push({ kind: 'problems', problems, errors });
  }
  const byCategory = new Map<string, Map<FindingSeverity, SignatureNode[]>>();
  for (const cs of signatures) {
    const { category, severity } = cs.signature;
    let groups = byCategory.get(category);
    if (!groups) byCategory.set(category, (groups = new Map()));
    let list = groups.get(severity);
    if (!list) groups.set(severity, (list = []));
    list.push({ kind: 'signature', compiled: cs, user: isUser(cs) });
  }
  const order = (c: string): number => {
    const i = CATEGORIES.indexOf(c as Category);
    return i < 0 ? CATEGORIES.length : i;
  };
  const categories = [...byCategory.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  for (const category of categories) {
    const groups = byCategory.get(category)!;
    const severities = [...groups.keys()].sort((a, b) => severityRank(b) - severityRank(a));
    const nodes: SeverityNode[] = severities.map((severity) => ({
      kind: 'severity',
      category,
      severity,
      signatures: groups.get(severity)!.sort((a, b) => a.compiled.signature.title.localeCompare(b.compiled.signature.title)),
    }));
    out.push({ kind: 'category', category, count: nodes.reduce((n, g) => n + g.signatures.length, 0), groups: nodes });
  }
  return out;
}

/** Children of a node (the problems node lists its problems; leaves have none). */
export function childrenOf(node: CatalogueNode): CatalogueNode[] {
  switch (node.kind) {
    case 'problems':
      return node.problems.map((problem) => ({ kind: 'problem', problem }));
    case 'category':
      return node.groups;
    case 'severity':
      return node.signatures;
    default:
      return [];
  }
}
