/**
 * `postmortem-lens`: argv -> files/stdin -> core -> stdout + exit code.
 * Exit codes: 0 ok; 1 a finding at or above --fail-on (or catalogue errors for `validate`);
 * 2 usage or input errors.
 */
import { Command, CommanderError, Option } from 'commander';
import { closeSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  checkExamples,
  LogTemplates,
  templatesToText,
  visibleControls,
  diagnoseStreams,
  InputFailure,
  draftTitle,
  FINDING_SEVERITIES,
  incidentDay,
  postmortemFileName,
  LOG_KINDS,
  renderPostmortem,
  searchCatalogue,
  toJsonForWriting,
  toSarif,
  toText,
  batched,
  jsonPieces,
  validateCatalogue,
  type Catalogue,
  type CatalogueProblem,
  type Diagnosis,
  type FindingSeverity,
  type LogKind,
  type StreamInput,
} from '../core';
import { assignYears, InputError, resolveInputs } from './inputs';
import { clusterOptions, clusterSpec, readCluster, type ClusterOptions } from './clusterInputs';
import { readStores, storeGiven, storeOptions, type StoreOptions } from './storeInputs';
import { fleetCommand } from './fleetCommand';
import { builtinCatalogueDir, catalogueFiles, catalogueSources } from '../node/loadCatalogue';
import { catalogueFromSources, type CatalogueSources } from '../node/compiledCatalogue';
import { BlockWorkers, defaultThreads } from '../node/blockWorkers';
import { errnoWords, internalErrorMessage, type RunContext } from './errors';
import { processIo, PROGRESS } from './processIo';

declare const PACKAGE_VERSION: string;
const VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: NodeJS.ReadableStream;
  isTTY: boolean;
  /** stderr is a terminal: progress may be drawn there. */
  stderrIsTTY?: boolean;
  now: () => Date;
  /** Environment variables (log-store logins); none when absent. */
  env?: Record<string, string | undefined>;
}

class UsageError extends Error {}

function printProblems(io: CliIo, problems: readonly CatalogueProblem[]): void {
  for (const p of problems) io.stderr(`${p.file}:${p.line}${p.column ? `:${p.column}` : ''}: ${p.level}: ${p.message}\n`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Options every reading command shares. */
interface ReadOptions {
  catalogue: string[];
  kind?: LogKind;
  year?: number;
  utcOffset?: number;
  maxOccurrences?: number;
  threads?: number;
}

/** Occurrences kept per finding by default: bounds memory on multi-GiB inputs; outputs say when it cut. */
const DEFAULT_MAX_OCCURRENCES = 1_000;

function parseMaxOccurrences(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || (n !== 0 && n < 2)) throw new UsageError(`--max-occurrences needs 0 (keep all) or a count of at least 2, got "${v}"`);
  return n;
}

function parseYear(v: string): number {
  const n = Number(v);
  if (!/^\d{4}$/.test(v) || n < 1970 || n > 2200) throw new UsageError(`--year needs a four-digit year, got "${v}"`);
  return n;
}

function parseOffset(v: string): number {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(v) ?? (v === 'Z' || v === 'UTC' ? ['', '+', '0', '0'] : null);
  if (!m) throw new UsageError(`--utc-offset needs a zone offset such as +02:00, -0500 or Z, got "${v}"`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** Adds the options every reading command shares. */
function readingOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--catalogue <dir>', 'also load signatures from this directory (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--kind <kind>', 'force the log kind instead of detecting it per segment').choices([...LOG_KINDS]))
    .addOption(
      new Option('--year <year>', "year for timestamps without one (default: read from the inputs' dated lines, else the file's modification year)").argParser(
        parseYear,
      ),
    )
    .addOption(new Option('--utc-offset <offset>', 'zone of timestamps without one, e.g. +02:00 (default: UTC)').argParser(parseOffset))
    .addOption(
      new Option(
        '--max-occurrences <n>',
        `occurrences kept per finding, the first ones and the last (0: all); counts stay exact and the output says when it kept fewer (default ${DEFAULT_MAX_OCCURRENCES})`,
      ).argParser(parseMaxOccurrences),
    )
    .addOption(
      new Option(
        '-j, --threads <n>',
        'threads reading the inputs in blocks, worker threads joining a run that lasts over 2 s; the findings are the same with any count (default: the free cores by the load average, at most 8; 1: no worker threads)',
      ).argParser(parseThreads),
    );
}
function parseThreads(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 64) throw new UsageError(`--threads needs a count from 1 to 64, got "${v}"`);
  return n;
}

/** The shipped catalogue plus `--catalogue` directories; a directory that cannot be read is an input error. */
function loadCatalogue(dirs: readonly string[] = []): Catalogue {
  return catalogueFromSources(loadSources(dirs));
}

/** What {@link loadCatalogue} builds from (a block worker builds the same from them). */
function loadSources(dirs: readonly string[]): CatalogueSources {
  for (const d of dirs) {
    let st;
    try {
      st = statSync(d);
    } catch (err) {
      throw new InputError(`cannot read the catalogue directory ${d} (--catalogue): ${errnoWords(err)}`);
    }
    if (!st.isDirectory()) throw new InputError(`--catalogue ${d} is not a directory; give a directory of signature YAML files`);
  }
  try {
    return catalogueSources(dirs);
  } catch (err) {
    if (!(err as NodeJS.ErrnoException).code) throw err;
    throw new InputError(`cannot read the signature files${dirs.length ? ` in ${dirs.join(', ')}` : ''}: ${errnoWords(err)}`);
  }
}

/** Wraps each input's bytes so the run knows which input it is reading (for an internal error's report). */
function tracked(inputs: StreamInput[], ctx: RunContext): void {
  for (const i of inputs) {
    const chunks = i.chunks;
    i.chunks = (async function* () {
      ctx.input = i.name;
      yield* chunks;
    })();
  }
}

async function runDiagnosis(
  io: CliIo,
  files: string[],
  opts: ReadOptions & ClusterOptions & StoreOptions,
  ctx: RunContext,
  setExit: (code: number) => void,
): Promise<{ diagnosis: Diagnosis; catalogue: Catalogue }> {
  const sources = loadSources(opts.catalogue);
  const catalogue = catalogueFromSources(sources);
  printProblems(
    io,
    catalogue.problems.filter((p) => !p.file.startsWith(builtinCatalogueDir()) || p.level === 'error'),
  );
  const stores = storeGiven(opts);
  const spec = clusterSpec(opts, stores);
  const cluster = spec ? await readCluster(io, spec, opts, opts.kind) : [];
  const store = stores ? await readStores({ ...io, env: io.env ?? {} }, opts, catalogue, opts.kind) : { inputs: [], failures: [] };
  // With --cluster or a store and no files, stdin is not read.
  const inputs = (spec || stores) && files.length === 0 ? [] : resolveInputs(files, opts.kind, io.stdin, (m) => io.stderr(`postmortem-lens: ${m}\n`));
  if (opts.year !== undefined) for (const i of [...inputs, ...cluster, ...store.inputs]) i.defaultYear = opts.year;
  else assignYears(inputs, io.now().getUTCFullYear());
  inputs.push(...cluster, ...store.inputs);
  // A store that could not be read is an input error (exit 2); what the others gave is still reported.
  if (store.failures.length) {
    if (inputs.length === 0 && files.length === 0 && !spec) {
      for (const f of store.failures.slice(0, -1)) io.stderr(`postmortem-lens: ${f}\n`);
      throw new InputError(store.failures[store.failures.length - 1]);
    }
    for (const f of store.failures) io.stderr(`postmortem-lens: ${f}\n`);
    setExit(2);
  }
  if (inputs.some((i) => i.name === '<stdin>') && io.isTTY && files.length === 0)
    throw new UsageError('no input: give log files or directories, or pipe a log into stdin (`-`)');
  const big = io.stderrIsTTY === true && inputs.reduce((n, i) => n + (i.size ?? 0), 0) > 64 * 1024 * 1024;
  let lastPct = -1;
  tracked(inputs, ctx);
  const threads = opts.threads ?? defaultThreads();
  const workers = threads > 1 ? new BlockWorkers(sources, threads) : undefined;
  let diagnosis: Diagnosis;
  try {
    diagnosis = await diagnoseStreams(catalogue, inputs, {
      defaultYear: opts.year ?? io.now().getUTCFullYear(),
      defaultZoneOffsetMinutes: opts.utcOffset ?? 0,
      maxOccurrencesPerFinding: opts.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES,
      runner: workers,
      onProgress: big
        ? (p) => {
            const pct = p.totalBytes ? Math.floor((p.bytes / p.totalBytes) * 100) : -1;
            if (pct !== lastPct && pct % 5 === 0) {
              lastPct = pct;
              io.stderr(`${PROGRESS}reading ${p.input}: ${pct}%`);
            }
          }
        : undefined,
    });
  } finally {
    await workers?.close();
  }
  if (big) io.stderr('\n');
  ctx.input = undefined;
  return { diagnosis, catalogue };
}

/** Build the program (exported for tests). */
export function buildProgram(io: CliIo, setExit: (code: number) => void, ctx: RunContext = { argv: [] }): Command {
  const program = new Command();
  program
    .name('postmortem-lens')
    .description('Reads Kubernetes and CI incident logs, recognises known failure signatures, ranks root causes and drafts the postmortem.')
    .version(VERSION, '-V, --version')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(s.replace(/^error: /, 'postmortem-lens: ')) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Files it writes for itself:',
        '  Its compiled code (V8 code cache) and a note that the shipped signature files passed their check, in',
        '  $XDG_CACHE_HOME/postmortem-lens (~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows),',
        '  so later runs start faster. POSTMORTEM_LENS_NO_CODE_CACHE=1 runs without the code cache.',
      ].join('\n'),
    );

  storeOptions(
    clusterOptions(
      readingOptions(
        program
          .command('diagnose')
          .description(
            'diagnose log files (or directories of them), stdin when FILE is - or absent, a live cluster (--cluster) and/or log stores (--clickhouse, --loki, --elasticsearch)',
          )
          .argument('[file...]', 'log files (gzip ones are decompressed; UTF-8, UTF-16 or Latin-1), directories, named pipes, or - for stdin')
          .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'markdown', 'sarif']).default('text')),
      )
        .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists').choices([...FINDING_SEVERITIES]))
        .option('--no-redact', 'do not redact secrets in the output (templates of unmatched error lines stay redacted)')
        .option('--no-color', 'no ANSI colours in text output')
        .option('-o, --output <file>', 'write the report to a file instead of stdout'),
    ),
    io.now,
  ).action(
    async (
      files: string[],
      opts: ReadOptions & ClusterOptions & StoreOptions & { format: string; failOn?: FindingSeverity; redact: boolean; color: boolean; output?: string },
    ) => {
      const { diagnosis, catalogue } = await runDiagnosis(io, files, opts, ctx, setExit);
      const r = { redact: opts.redact, color: opts.color && io.isTTY && !opts.output, version: VERSION };
      // JSON is written in pieces: a dense log's report is megabytes, never held as one string.
      let text: Iterable<string>;
      switch (opts.format) {
        case 'json':
          text = batched(jsonLines(toJsonForWriting(diagnosis, r)));
          break;
        case 'sarif':
          text = batched(jsonLines(toSarif(diagnosis, catalogue, r)));
          break;
        case 'markdown':
          text = [renderPostmortem(diagnosis, catalogue, { redact: opts.redact, generatedAt: io.now().toISOString() })];
          break;
        default:
          text = [toText(diagnosis, catalogue, r)];
      }
      if (opts.output) writeOut(opts.output, text);
      else for (const t of text) io.stdout(t);
      if (opts.failOn) {
        const min = FINDING_SEVERITIES.indexOf(opts.failOn);
        if (diagnosis.findings.some((f) => FINDING_SEVERITIES.indexOf(f.severity) >= min)) setExit(1);
      }
    },
  );

  storeOptions(
    clusterOptions(
      readingOptions(
        program
          .command('postmortem')
          .description(
            'draft a postmortem (Markdown) from log files (stdin when FILE is - or absent), a live cluster (--cluster) and/or log stores (--clickhouse, --loki, --elasticsearch)',
          )
          .argument('[file...]', 'log files (gzip ones are decompressed; UTF-8, UTF-16 or Latin-1), directories, named pipes, or - for stdin')
          .option(
            '-o, --output <path>',
            'write the draft to this file, or into this folder (an existing one, or a path ending in /) as <incident date>-<title>.md (default: stdout)',
          )
          .option('--title <title>', 'title of the postmortem')
          .option('--no-redact', 'keep secrets in the excerpts (do not share the result)'),
      ),
    ),
    io.now,
  ).action(async (files: string[], opts: ReadOptions & ClusterOptions & StoreOptions & { output?: string; title?: string; redact: boolean }) => {
    const { diagnosis, catalogue } = await runDiagnosis(io, files, opts, ctx, setExit);
    const md = renderPostmortem(diagnosis, catalogue, {
      title: opts.title,
      redact: opts.redact,
      generatedAt: io
        .now()
        .toISOString()
        .replace(/\.\d+Z$/, 'Z'),
    });
    if (opts.output) {
      const file =
        /[\\/]$/.test(opts.output) || isDirectory(opts.output) ? join(opts.output, postmortemFileName(draftTitle(md), incidentDay(diagnosis))) : opts.output;
      writeOut(file, md);
      io.stderr(`postmortem draft written to ${file}\n`);
    } else io.stdout(md);
  });

  fleetCommand(program, io, (dirs) => {
    const c = loadCatalogue(dirs);
    printProblems(
      io,
      c.problems.filter((p) => !p.file.startsWith(builtinCatalogueDir()) || p.level === 'error'),
    );
    return c;
  });

  program
    .command('templates')
    .description(
      'the templates of log files (variable parts as <*>, secrets redacted), most frequent first, with counts, line numbers, first/last seen and examples; stdin when FILE is - or absent',
    )
    .argument('[file...]', 'log files (gzip ones are decompressed; UTF-8, UTF-16 or Latin-1), directories, named pipes, or - for stdin')
    .addOption(
      new Option(
        '-f, --format <format>',
        'output format (json: an array of {template, count, lines, firstSeen, lastSeen, examples}; lines are numbered through the inputs as `cat` joins them)',
      )
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(new Option('--all', 'every line (default)').conflicts('errors'))
    .addOption(new Option('--errors', 'only the lines the engine judges errors: a stated error or critical level, or an error word used as one'))
    .addOption(new Option('--kind <kind>', 'force the log kind instead of detecting it per segment').choices([...LOG_KINDS]))
    .addOption(
      new Option('--year <year>', "year for timestamps without one (default: read from the inputs' dated lines, else the file's modification year)").argParser(
        parseYear,
      ),
    )
    .addOption(new Option('--utc-offset <offset>', 'zone of timestamps without one, e.g. +02:00 (default: UTC)').argParser(parseOffset))
    .action(async (files: string[], opts: { format: string; errors?: boolean; kind?: LogKind; year?: number; utcOffset?: number }) => {
      const inputs = resolveInputs(files, opts.kind, io.stdin, (m) => io.stderr(`postmortem-lens: ${m}\n`));
      if (inputs.some((i) => i.name === '<stdin>') && io.isTTY && files.length === 0)
        throw new UsageError('no input: give log files or directories, or pipe a log into stdin (`-`)');
      if (opts.year !== undefined) for (const i of inputs) i.defaultYear = opts.year;
      else assignYears(inputs, io.now().getUTCFullYear());
      const year = opts.year ?? io.now().getUTCFullYear();
      const mined = new LogTemplates({ errorsOnly: opts.errors === true, kind: opts.kind, defaultYear: year, defaultZoneOffsetMinutes: opts.utcOffset ?? 0 });
      for (const i of inputs) {
        ctx.input = i.name;
        mined.startInput(i.defaultYear ?? year);
        for await (const chunk of i.chunks) mined.push(chunk);
        mined.endInput();
        for (const n of (i.notices ?? []).filter((x) => x.level !== 'info'))
          io.stderr(`postmortem-lens: ${i.name}${n.line ? `:${n.line}` : ''}: ${n.message}\n`);
      }
      ctx.input = undefined;
      const r = mined.result();
      if (opts.format === 'json') {
        // One template a line: a long log has long line lists, which an indented array would put one number a line.
        io.stdout(r.templates.length ? `[\n${r.templates.map((t) => `  ${JSON.stringify(t)}`).join(',\n')}\n]\n` : '[]\n');
        if (r.evicted.templates)
          io.stderr(
            `postmortem-lens: not shown: ${r.evicted.events} ${opts.errors ? 'error events' : 'lines'} of ${r.evicted.templates} rare templates, dropped to stay within the template limit\n`,
          );
      } else io.stdout(templatesToText(r, opts.errors === true));
    });

  const cat = program.command('catalogue').description('browse the signature catalogue');
  const catFormat = (): Option => new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text');
  cat
    .command('list')
    .description('list signatures')
    .addOption(catFormat())
    .addOption(new Option('--catalogue <dir>', 'also load signatures from this directory (repeatable)').argParser(collect).default([]))
    .action((opts: { format: string; catalogue: string[] }) => {
      const c = loadCatalogue(opts.catalogue);
      const list = c.signatures.map((s) => s.signature);
      if (opts.format === 'json')
        io.stdout(
          JSON.stringify(
            list.map((s) => ({
              id: s.id,
              title: s.title,
              severity: s.severity,
              category: s.category,
              status: s.status,
              summary: s.summary,
              appliesTo: s.appliesTo,
            })),
            null,
            2,
          ) + '\n',
        );
      else
        for (const s of [...list].sort((a, b) => byCodeUnits(a.category, b.category) || byCodeUnits(a.id, b.id)))
          io.stdout(visibleControls(`${s.category.padEnd(14)} ${s.severity.padEnd(8)} ${s.id.padEnd(42)} ${s.title}\n`));
    });
  cat
    .command('show')
    .description('show one signature')
    .argument('<id>')
    .addOption(catFormat())
    .addOption(new Option('--catalogue <dir>', 'also load signatures from this directory (repeatable)').argParser(collect).default([]))
    .action((id: string, opts: { format: string; catalogue: string[] }) => {
      const c = loadCatalogue(opts.catalogue);
      const s = c.get(id)?.signature;
      if (!s) {
        const near = searchCatalogue(c, id, 3).map((h) => h.signature.id);
        throw new UsageError(`no signature "${id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
      }
      if (opts.format === 'json') {
        io.stdout(JSON.stringify(s, null, 2) + '\n');
        return;
      }
      const lines = [
        `${s.title}  [${s.id}]`,
        `${s.severity} · ${s.category} · ${s.status} · applies to ${s.appliesTo.join(', ')}`,
        '',
        s.summary,
        '',
        s.explanation.trim(),
        '',
        'Likely causes:',
        ...s.causes.map((x) => `  - ${x}`),
        '',
        'Next checks:',
        ...s.checks.map((x) => `  - ${x.title}\n      ${x.command}`),
        '',
        'Remediation:',
        ...s.remediation.map((x) => `  - ${x}`),
        '',
        'Matches:',
        ...s.match.map((x) => `  ${x}`),
      ];
      if (s.references.length) lines.push('', 'References:', ...s.references.map((r) => `  - ${r.title}: ${r.url}`));
      if (s.related?.length) lines.push('', 'Related:', ...s.related.map((r) => `  - ${r.relation} ${r.id}${r.note ? `: ${r.note}` : ''}`));
      io.stdout(visibleControls(lines.join('\n') + '\n'));
    });
  cat
    .command('search')
    .description('fuzzy search over ids, titles, explanations and example lines')
    .argument('<query...>')
    .addOption(catFormat())
    .action((query: string[], opts: { format: string }) => {
      const hits = searchCatalogue(loadCatalogue(), query.join(' '));
      if (opts.format === 'json')
        io.stdout(
          JSON.stringify(
            hits.map((h) => ({
              id: h.signature.id,
              title: h.signature.title,
              severity: h.signature.severity,
              category: h.signature.category,
              score: Math.round(h.score * 1000) / 1000,
            })),
            null,
            2,
          ) + '\n',
        );
      else if (hits.length === 0) io.stdout('no match\n');
      else for (const h of hits) io.stdout(visibleControls(`${h.signature.id.padEnd(42)} ${h.signature.title}\n`));
    });

  program
    .command('validate')
    .description('validate signature directories (no argument: the shipped catalogue): schema, rules, examples')
    .argument('[dir...]')
    .action((dirs: string[]) => {
      const builtin = dirs.length === 0;
      const files = (builtin ? [builtinCatalogueDir()] : dirs).flatMap((d) => {
        try {
          return catalogueFiles(d, builtin);
        } catch {
          throw new InputError(`cannot read catalogue directory ${d}`);
        }
      });
      // User directories are validated on their own, with the shipped catalogue for related ids.
      const context = builtin ? [] : catalogueFiles(builtinCatalogueDir(), true);
      const { problems, valid: count } = validateCatalogue(files, { context, checkBuiltinRegexes: true, examples: checkExamples });
      printProblems(io, problems);
      const errors = problems.filter((p) => p.level === 'error').length;
      io.stdout(
        `${files.length} files, ${count} signatures valid, ${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}\n`,
      );
      if (errors) setExit(1);
    });
  return program;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `JSON.stringify(value, null, 2)` and a line end, in pieces. */
function* jsonLines(value: unknown): Generator<string> {
  yield* jsonPieces(value);
  yield '\n';
}

function writeOut(file: string, text: string | Iterable<string>): void {
  let fd: number | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    if (typeof text === 'string') writeFileSync(file, text);
    else {
      fd = openSync(file, 'w');
      for (const t of text) writeFileSync(fd, t);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Not a file system error: a bug while the text was made, reported as one.
    if (code === undefined) throw err;
    // mkdir says EEXIST/ENOTDIR when a file stands where a folder of the path should be.
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? `a part of ${dirname(file)} is a file, not a folder` : errnoWords(err);
    throw new InputError(`cannot write ${file} (-o): ${why}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Run the CLI; resolves to the exit code. */
export async function runCli(argv: string[], given: CliIo, ctx: RunContext = { argv }): Promise<number> {
  // Messages quote inputs, file names, signature files and API servers: their control characters are
  // shown, never sent to the terminal. Only the progress line's own "back to the line start and clear
  // it" stays an escape.
  const io: CliIo = { ...given, stderr: (s) => given.stderr(visibleControls(s, [PROGRESS])) };
  let code = 0;
  const program = buildProgram(
    io,
    (c) => {
      code = Math.max(code, c);
    },
    ctx,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (caught) {
    // The engine says which input was being read; the error itself decides what to say.
    let err = caught;
    if (err instanceof InputFailure) {
      ctx.input = err.input;
      err = err.error;
    }
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof UsageError || err instanceof InputError) {
      io.stderr(`postmortem-lens: ${err.message}\n`);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && typeof e.code === 'string' && typeof e.path === 'string') {
      // A file that vanished or turned unreadable while being read.
      io.stderr(`postmortem-lens: cannot read ${e.path}: ${errnoWords(e)}\n`);
      return 2;
    }
    io.stderr(internalErrorMessage(err, ctx));
    return 2;
  }
}

/**
 * Order of UTF-16 code units, as `localeCompare` orders ids and categories (lower-case ASCII) without
 * its cost: its first call loads ICU's collator, 18-22 ms of a listing (measured 2026-12-07).
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The program as a process: real streams, and one boundary so no stack trace ever reaches a user. */
export async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { io, outputExitCode } = processIo();
  const ctx: RunContext = { argv };
  // Errors outside the command's promise chain (a stream's 'error' event without a listener ...).
  const crash = (err: unknown): void => {
    io.stderr(internalErrorMessage(err, ctx));
    process.exit(2);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  const code = await runCli(argv, io, ctx);
  process.exitCode = Math.max(code, outputExitCode());
}

if (require.main === module) void main();
