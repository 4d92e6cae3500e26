/**
 * The vocabulary of the diagnose and postmortem commands' inputs: where an incident's text comes
 * from (a request), what the commands accept as arguments, one input as read (a source) and a
 * finished run. Types only.
 */
import type * as vscode from 'vscode';
import type { Diagnosis, InputNotice, LogKind } from '../../core';

/** Where the text of an incident comes from. */
export type IncidentRequest = { source: 'active' } | { source: 'selection' } | { source: 'clipboard' } | { source: 'files'; uris: vscode.Uri[] };

/** Arguments the commands accept (besides none, which asks). */
export type IncidentArgs = vscode.Uri | vscode.Uri[] | { source: 'active' | 'selection' | 'clipboard'; uris?: vscode.Uri[] } | { uris: vscode.Uri[] };

/** One input of the run, with what is needed to show its lines later. */
export interface IncidentSource {
  /** Display name given to the engine. */
  name: string;
  /** Document or file to reveal lines in; none for clipboard text. */
  uri?: vscode.Uri;
  /** 0-based editor line of the input's first line (a selection's start), else 0. */
  lineOffset: number;
  /** The text, when read into memory (documents, selections, clipboard, small files). */
  text?: string;
  /** Size in bytes of a file on disk. */
  size?: number;
  /** True when streamed from disk (larger than the threshold, or compressed): VS Code cannot hand it to extensions. */
  large: boolean;
  /** True for a gzip file: streamed and decompressed; its line numbers are those of the text inside. */
  compressed?: boolean;
  /** Year assumed for timestamps without one: the incident's (from dated lines), else the file's modification year. */
  year?: number;
  /** The log kind when known (cluster renderings: `kubectl-describe`, `kubectl-get`); else detected per segment. */
  kind?: LogKind;
  /** What the reader must say about this input (a log store's truncation, a filter it could not apply); shown with the input's own notices. */
  notices?: InputNotice[];
}

/** A finished run. */
export interface IncidentRun {
  /** The engine's answer. */
  diagnosis: Diagnosis;
  /** The inputs, in the diagnosis's input order. */
  sources: IncidentSource[];
}
