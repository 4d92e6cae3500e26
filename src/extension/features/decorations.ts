/**
 * Highlights matched lines by severity: tinted lines over the occurrence's whole range, and on its
 * first line only a gutter icon, a mark in the overview ruler and a short label (the signature's
 * title), so an event logged over seven lines reads as one mark, in every visible editor of a log.
 * Every occurrence is marked. A log with more than {@link FULL_PAINT_LIMIT} occurrences is painted around
 * its visible ranges (repainted as the user scrolls), because one setDecorations call with 100k
 * whole-line decorations blocks the renderer; its overview ruler then gets one mark per band of
 * lines holding occurrences, so the whole file's marks stay visible there.
 */
import * as vscode from 'vscode';
import type { FindingSeverity } from '../../core';
import type { Services } from '../services';
import { placedOccurrences, type PlacedOccurrence } from './occurrenceRanges';
import { TEST_COMMAND } from '../commandIds';
import { registerTestHook } from '../testHooks';

const LOOK: Record<FindingSeverity, { bg: string; ruler: string; icon: string; label: string }> = {
  critical: { bg: 'rgba(229, 20, 0, 0.22)', ruler: 'editorOverviewRuler.errorForeground', icon: 'critical', label: 'editorError.foreground' },
  error: { bg: 'rgba(229, 20, 0, 0.14)', ruler: 'editorOverviewRuler.errorForeground', icon: 'error', label: 'editorError.foreground' },
  warning: { bg: 'rgba(255, 180, 0, 0.14)', ruler: 'editorOverviewRuler.warningForeground', icon: 'warning', label: 'editorWarning.foreground' },
  info: { bg: 'rgba(0, 122, 204, 0.10)', ruler: 'editorOverviewRuler.infoForeground', icon: 'info', label: 'editorInfo.foreground' },
};
const SEVERITIES = Object.keys(LOOK) as FindingSeverity[];

/** Above this many occurrences, only the visible ranges (plus {@link MARGIN_LINES}) are painted. */
export const FULL_PAINT_LIMIT = 5_000;
/** Lines painted above and below the visible ranges, so a short scroll shows marks at once. */
const MARGIN_LINES = 300;
/** Bands of the overview ruler in visible-range mode (the ruler is a few hundred pixels high). */
const RULER_BANDS = 1_000;

/** What the last paint of an editor did (read by the in-editor tests and measurements). */
export interface PaintStats {
  /** Occurrences of the document. */
  occurrences: number;
  /** Decorations set on lines (all occurrences, or those around the visible ranges). */
  painted: number;
  /** True when only the visible ranges were painted. */
  visibleOnly: boolean;
  /** 0-based lines painted, first and last (-1 when none). */
  firstLine: number;
  lastLine: number;
  /** Time the setDecorations calls took, in ms. */
  ms: number;
}

/** Register the decorations. */
export function registerDecorations({ context, analyses }: Services): vscode.Disposable[] {
  /** Per severity: the tint over an occurrence's lines, and its head (icon, ruler mark, label) on the first line. */
  const tints = new Map<FindingSeverity, vscode.TextEditorDecorationType>();
  const types = new Map<FindingSeverity, vscode.TextEditorDecorationType>();
  const rulers = new Map<FindingSeverity, vscode.TextEditorDecorationType>();
  for (const sev of SEVERITIES) {
    const look = LOOK[sev];
    tints.set(sev, vscode.window.createTextEditorDecorationType({ isWholeLine: true, backgroundColor: look.bg }));
    types.set(
      sev,
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        overviewRulerColor: new vscode.ThemeColor(look.ruler),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        gutterIconPath: vscode.Uri.joinPath(context.extensionUri, 'media', `severity-${look.icon}.svg`),
        gutterIconSize: '80%',
        after: { margin: '0 0 0 2em', color: new vscode.ThemeColor(look.label), fontStyle: 'italic' },
      }),
    );
    rulers.set(
      sev,
      vscode.window.createTextEditorDecorationType({
        overviewRulerColor: new vscode.ThemeColor(look.ruler),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
      }),
    );
  }
  let fullPaintLimit = FULL_PAINT_LIMIT;
  const stats = new Map<string, PaintStats>();

  const paint = (editor: vscode.TextEditor): void => {
    const analysis = analyses.get(editor.document.uri);
    const labels = vscode.workspace.getConfiguration('postmortemLens').get<boolean>('afterLineLabels', true);
    const placed = placedOccurrences(editor.document, analysis);
    const visibleOnly = placed.length > fullPaintLimit;
    const shown = visibleOnly ? aroundVisible(placed, editor.visibleRanges) : placed;
    const bySeverity = new Map<FindingSeverity, vscode.DecorationOptions[]>();
    const tinted = new Map<FindingSeverity, vscode.Range[]>();
    const labelled = new Set<number>();
    for (const p of shown) {
      const list = bySeverity.get(p.finding.severity) ?? [];
      const line = p.line;
      const ranges = tinted.get(p.finding.severity) ?? [];
      ranges.push(p.range);
      tinted.set(p.finding.severity, ranges);
      const option: vscode.DecorationOptions = { range: new vscode.Range(line, 0, line, 0) };
      if (labels && !labelled.has(line)) {
        labelled.add(line);
        option.renderOptions = { after: { contentText: `◀ ${p.finding.title}` } };
      }
      list.push(option);
      bySeverity.set(p.finding.severity, list);
    }
    const started = performance.now();
    for (const [sev, type] of tints) editor.setDecorations(type, tinted.get(sev) ?? []);
    for (const [sev, type] of types) editor.setDecorations(type, bySeverity.get(sev) ?? []);
    const bands = visibleOnly ? rulerBands(placed, editor.document.lineCount) : new Map<FindingSeverity, vscode.Range[]>();
    for (const [sev, type] of rulers) editor.setDecorations(type, bands.get(sev) ?? []);
    stats.set(editor.document.uri.toString(), {
      occurrences: placed.length,
      painted: shown.length,
      visibleOnly,
      firstLine: shown[0]?.line ?? -1,
      lastLine: shown[shown.length - 1]?.line ?? -1,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };

  const paintFor = (uri: vscode.Uri): void => {
    for (const e of vscode.window.visibleTextEditors) if (e.document.uri.toString() === uri.toString()) paint(e);
  };

  // Scrolling a big log repaints around the new visible ranges, at most once per animation frame.
  const pending = new Set<vscode.TextEditor>();
  let timer: NodeJS.Timeout | undefined;
  const onScroll = (e: vscode.TextEditorVisibleRangesChangeEvent): void => {
    if (placedOccurrences(e.textEditor.document, analyses.get(e.textEditor.document.uri)).length <= fullPaintLimit) return;
    pending.add(e.textEditor);
    timer ??= setTimeout(() => {
      timer = undefined;
      for (const ed of pending) paint(ed);
      pending.clear();
    }, 16);
  };

  return [
    ...tints.values(),
    ...types.values(),
    ...rulers.values(),
    analyses.onDidChange((a) => paintFor(a.uri)),
    vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach(paint)),
    vscode.window.onDidChangeTextEditorVisibleRanges(onScroll),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('postmortemLens.afterLineLabels')) vscode.window.visibleTextEditors.forEach(paint);
    }),
    // Test hook: what the last paint of a document did; `fullPaintLimit` overrides the limit (measurements).
    ...registerTestHook(TEST_COMMAND.decorations, (uri?: string, opts?: { fullPaintLimit?: number }) => {
      if (opts?.fullPaintLimit !== undefined) {
        fullPaintLimit = opts.fullPaintLimit;
        vscode.window.visibleTextEditors.forEach(paint);
      }
      return uri ? stats.get(uri) : undefined;
    }),
    { dispose: () => clearTimeout(timer) },
  ];
}

/** The occurrences within the visible ranges widened by {@link MARGIN_LINES} (placed is in line order). */
function aroundVisible(placed: readonly PlacedOccurrence[], visible: readonly vscode.Range[]): PlacedOccurrence[] {
  const out: PlacedOccurrence[] = [];
  let from = 0;
  for (const r of visible) {
    const lo = r.start.line - MARGIN_LINES;
    const hi = r.end.line + MARGIN_LINES;
    // Binary search for the first occurrence ending at or after `lo`.
    let a = from;
    let b = placed.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (placed[mid].line < lo) a = mid + 1;
      else b = mid;
    }
    // A multi-line occurrence starting above `lo` may still reach into view.
    while (a > from && placed[a - 1].endLine >= lo) a--;
    let i = a;
    for (; i < placed.length && placed[i].line <= hi; i++) out.push(placed[i]);
    from = i;
  }
  return out;
}

/** One ruler range per band of lines holding an occurrence, by severity. */
function rulerBands(placed: readonly PlacedOccurrence[], lineCount: number): Map<FindingSeverity, vscode.Range[]> {
  const size = Math.max(1, Math.ceil(lineCount / RULER_BANDS));
  const seen = new Map<FindingSeverity, Set<number>>();
  for (const p of placed) {
    let set = seen.get(p.finding.severity);
    if (!set) seen.set(p.finding.severity, (set = new Set()));
    set.add(Math.floor(p.line / size));
  }
  const out = new Map<FindingSeverity, vscode.Range[]>();
  for (const [sev, set] of seen)
    out.set(
      sev,
      [...set].sort((a, b) => a - b).map((band) => new vscode.Range(band * size, 0, Math.min(lineCount - 1, band * size + size - 1), 0)),
    );
  return out;
}
