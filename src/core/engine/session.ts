/**
 * A diagnosis run over several inputs (one incident: a kubelet journal, a Jenkins console, a
 * describe output). Inputs are streamed chunk by chunk; progress is reported and the run can be
 * cancelled between chunks.
 */
import type { Diagnosis, InputNotice, InputSummary, LogKind } from '../../model';
import type { Catalogue } from '../catalogue/catalogue';
import { RunCollector } from '../diagnose/collector';
import { buildDiagnosis } from '../diagnose/diagnose';
import { InputAnalyzer, type BlockRunner, type InputOptions } from './inputAnalyzer';
import { grammarFaultNotice } from './grammarFaults';

/** Options for a run. */
export interface SessionOptions {
  /** Year assumed by formats without one. */
  defaultYear: number;
  /** Zone offset in minutes assumed by formats without one (default 0, UTC). */
  defaultZoneOffsetMinutes?: number;
  /** Block size for streaming (tests). */
  blockSize?: number;
  /**
   * Most occurrences kept per finding (the first ones and the last; counts stay exact and a bounded
   * finding carries `occurrenceLimit`). Unset: every occurrence is kept.
   */
  maxOccurrencesPerFinding?: number;
}

/** Thrown when a run is cancelled through its AbortSignal. */
export class DiagnosisCancelled extends Error {
  constructor() {
    super('diagnosis cancelled');
    this.name = 'DiagnosisCancelled';
  }
}

/**
 * An error met while one input was read: a read error of its source, or a bug the input set off.
 * Says which input (`input`) and keeps the error (`error`), so an adapter can tell the user what
 * was being read and report the rest as it reports any error.
 */
export class InputFailure extends Error {
  constructor(
    readonly input: string,
    readonly error: unknown,
  ) {
    super(`while reading ${input}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    this.name = 'InputFailure';
  }
}

/** `err` as an {@link InputFailure} of `input`, unless it is a cancellation or one already. */
function failure(input: string, err: unknown): unknown {
  return err instanceof DiagnosisCancelled || err instanceof InputFailure ? err : new InputFailure(input, err);
}

/** One input being read. */
export interface InputHandle {
  /** Feed bytes. */
  push(chunk: Uint8Array): void;
  /** With a runner: resolves when more bytes may be pushed (undefined: now). */
  ready(): Promise<void> | undefined;
  /** Finish the input (no runner). */
  end(): InputSummary;
  /** Finish the input, waiting for the blocks a runner is still reading. */
  endAsync(): Promise<InputSummary>;
}

/** A streamed input for {@link diagnoseStreams}. */
export interface StreamInput {
  /** Display name. */
  name: string;
  /** The bytes. */
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Total size when known (for progress). */
  size?: number;
  /** Force a kind. */
  kind?: LogKind;
  /** Year for this input (e.g. from its file time); the session's otherwise. */
  defaultYear?: number;
  /** The bytes are a string's UTF-8 (an editor's text): no encoding is guessed. */
  text?: boolean;
  /** What the adapter found while streaming (a compressed input, damaged data); added to the input's notices when it ends. */
  notices?: InputNotice[];
  /** Bytes taken from the source so far, when it differs from the bytes given (decompression); progress counts these against `size`. */
  consumed?: () => number;
}

/** Progress of a streamed run. */
export interface Progress {
  /** Bytes read so far, all inputs. */
  bytes: number;
  /** Total bytes when every size is known. */
  totalBytes?: number;
  /** The input being read. */
  input: string;
}

/** A run: open inputs, push bytes, then finish. */
export class DiagnosisSession {
  private readonly collector: RunCollector;
  private readonly summaries: InputSummary[] = [];
  private inputs = 0;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly options: SessionOptions,
  ) {
    this.collector = new RunCollector(catalogue, { maxOccurrences: options.maxOccurrencesPerFinding });
  }

  /** Start reading an input. Inputs are numbered in the order they are opened; `text`: its bytes are a string's (no encoding is guessed). */
  openInput(name: string, opts: { kind?: LogKind; defaultYear?: number; text?: boolean; runner?: BlockRunner } = {}): InputHandle {
    const index = this.inputs++;
    const options: InputOptions = {
      defaultYear: opts.defaultYear ?? this.options.defaultYear,
      defaultZoneOffsetMinutes: this.options.defaultZoneOffsetMinutes,
      blockSize: this.options.blockSize,
      text: opts.text,
      runner: opts.runner,
    };
    if (opts.kind) options.kind = opts.kind;
    const analyzer = new InputAnalyzer(this.catalogue, this.collector, index, name, options);
    // A grammar's faults while this input was read (in this thread or, reported back, in a worker's) are a notice of it.
    const done = (s: InputSummary): InputSummary => {
      const fault = grammarFaultNotice();
      if (fault) s.notices.push(fault);
      return (this.summaries[index] = s);
    };
    return {
      push: (chunk) => analyzer.push(chunk),
      ready: () => analyzer.ready(),
      end: () => done(analyzer.end()),
      endAsync: async () => done(await analyzer.endAsync()),
    };
  }

  /** Build the diagnosis. */
  finish(): Diagnosis {
    return buildDiagnosis(this.catalogue, this.collector, this.summaries.filter(Boolean));
  }
}

/** Diagnose in-memory texts (editor buffers, pasted text, tests). */
export function diagnoseTexts(
  catalogue: Catalogue,
  inputs: { name: string; text: string; kind?: LogKind; defaultYear?: number }[],
  options: SessionOptions,
): Diagnosis {
  const session = new DiagnosisSession(catalogue, options);
  for (const i of inputs) {
    try {
      const h = session.openInput(i.name, { kind: i.kind, defaultYear: i.defaultYear, text: true });
      h.push(Buffer.from(i.text, 'utf8'));
      h.end();
    } catch (err) {
      throw failure(i.name, err);
    }
  }
  return session.finish();
}

/** Diagnose streams with progress and cancellation. */
export async function diagnoseStreams(
  catalogue: Catalogue,
  inputs: StreamInput[],
  options: SessionOptions & {
    onProgress?: (p: Progress) => void;
    signal?: AbortSignal;
    /** Reads blocks on other threads: the diagnosis is the same as without it, in less time when cores are free. */
    runner?: BlockRunner;
  },
): Promise<Diagnosis> {
  const session = new DiagnosisSession(catalogue, options);
  const total = inputs.every((i) => i.size !== undefined) ? inputs.reduce((n, i) => n + (i.size ?? 0), 0) : undefined;
  let done = 0;
  for (const input of inputs) {
    const h = session.openInput(input.name, { kind: input.kind, defaultYear: input.defaultYear, text: input.text, runner: options.runner });
    let given = 0;
    const read = (): number => input.consumed?.() ?? given;
    try {
      for await (const chunk of input.chunks) {
        if (options.signal?.aborted) throw new DiagnosisCancelled();
        h.push(chunk);
        const ready = h.ready();
        if (ready) await ready;
        given += chunk.length;
        options.onProgress?.({ bytes: done + read(), totalBytes: total, input: input.name });
      }
      (await h.endAsync()).notices.unshift(...(input.notices ?? []));
    } catch (err) {
      throw failure(input.name, err);
    }
    done += read();
  }
  return session.finish();
}
