/**
 * Postmortem Lens core: the public API of the engine.
 *
 * Architecture Invariants
 * - The core never imports `vscode`, never touches the file system, the network or the clock:
 *   text, bytes and parsed objects in, data out. Adapters (CLI, extension, cluster) do the IO and
 *   pass what they read (file contents, streams, the current year, the time of generation).
 * - Dependencies point one way: `src/model` (imports nothing of ours) <- `grammars` <- `src/core`
 *   <- `src/cli`, `src/extension`, `src/cluster`. The unit suite runs in plain Node, so a `vscode`
 *   import anywhere in core fails it.
 * - Parsing and matching never throw on input: a bad line stays a plain event; a bad catalogue file
 *   is a reported problem (file:line) and the rest still loads.
 * - Bytes are decoded once per input ({@link ByteDecoder}: the encoding from its first bytes, for the
 *   whole input), and its lines are those an editor shows: LF, CRLF and a lone CR each end one, and a
 *   line longer than the bound is read in part and still counts as one line.
 * - Memory is bounded by the block size and fixed caps (templates, timeline), not by the input's
 *   size, except for the occurrences of findings: all are kept unless the run bounds them
 *   (`maxOccurrencesPerFinding`, which a streaming CLI sets); a bounded finding says so
 *   (`occurrenceLimit`), and every output built from it says "first N of M".
 * - Secrets are found in one place, `src/core/redact`: every renderer passes log text through it
 *   (unless the caller turns redaction off), templates of unmatched lines are made from redacted
 *   text always, and log text is cut short only outside a secret (`cutOutsideSecrets`). Redaction
 *   is linear in its input, however hostile.
 * - Start-up does only what the run needs (bench/startup.mjs): the shipped catalogue is loaded from data
 *   compiled at build time (catalogue/catalogueData.ts); the signature compiler (YAML, ajv, the rule
 *   parser, recheck) is loaded on the first file it compiles (catalogue/compiler.ts); each grammar
 *   builds its lexer and parser on its first line (grammars/common/lazy.ts). Nothing imports those
 *   libraries or builds a grammar when a module loads.
 */
export * from '../model';
export { Catalogue, compileFiles, ERROR_WORDS, type CatalogueFile, type CatalogueOptions, type CompiledSignature } from './catalogue/catalogue';
export { CATALOGUE_DATA_FORMAT, type CatalogueData, type CompiledFile, type SignatureData } from './catalogue/catalogueData';
export { MAX_FIELD_CHARS, MAX_SIGNATURE_FILE_BYTES, oversizeProblem, type CatalogueProblem } from './catalogue/catalogueProblem';
export { compileRule, parseRule, parseSignatureFile, parseYaml } from './catalogue/compiler';
export { checkExamples } from './authoring/exampleCheck';
export { validateCatalogue, type CatalogueInForce, type CatalogueValidation, type ExampleCheck, type ValidateOptions } from './catalogue/validateCatalogue';
export type { CompiledRule } from './rules/compiledRule';
export {
  DiagnosisSession,
  diagnoseTexts,
  diagnoseStreams,
  DiagnosisCancelled,
  InputFailure,
  type SessionOptions,
  type StreamInput,
  type Progress,
  type InputHandle,
} from './engine/session';
export { ByteDecoder, decodeBytes } from './input/decode';
export { renderPostmortem, type PostmortemOptions } from './report/postmortem';
export { DRAFT_MARKER, draftTitle, incidentDay, isPostmortemDraft, isoDay, kebabTitle, postmortemFileName } from './report/draftFile';
export { planFollowUp, remediationKind, type ActionItem, type RemediationKind, type ResolutionStep } from './report/actionItems';
export { toJson, toJsonForWriting, toSarif, toText, type RenderOptions } from './report/formats';
export { batched, jsonPieces } from './report/jsonPieces';
export { mdWebLink } from './report/markdown';
export { visibleControls } from './report/visible';
export { occurrenceProblems, type OccurrenceProblem, type ProblemLink } from './report/problems';
export { notShownSentence, setAsideSentence } from './report/unmatchedNote';
export { cutOutsideSecrets, findSecrets, redact, redactText, type RedactOptions, type SecretSpan } from './redact/redact';
export {
  fillCommand,
  incidentValues,
  missingNote,
  occurrenceHeadline,
  occurrenceValues,
  renderTemplate,
  type FilledTemplate,
  type TemplateValues,
} from './diagnose/renderTemplate';
export { relatedOccurrences, orderForLine, type RelatedOccurrence } from './diagnose/related';
export { templateValues } from './diagnose/diagnose';
export { searchCatalogue, type CatalogueHit } from './catalogue/search';
export { segmentLines } from './segment/segmenter';
export { sniffLog, looksLikeLog, SNIFF_CHARS, SNIFF_LINES, type LogSniff } from './segment/logSniff';
export { planYears, sniffYears, YEAR_HEAD_CHARS } from './engine/yearSniffer';
export { TemplateMiner, maskedTokens, WILDCARD, type MinedCluster, type MinerOptions } from './diagnose/templateMiner';
export { templateOf, templateLine } from './diagnose/templates';
export { alignTemplate, clusterHolding, findingOnLine, templateVariables, variableSummary, MAX_VALUES_LISTED } from './diagnose/templateVariables';
export { signatureFromTemplate, draftId, type DraftCluster, type SignatureDraft, type SignatureDraftOptions } from './authoring/signatureFromTemplate';
export { templatesToText } from './report/templatesText';
export { LogTemplates, type LogTemplate, type LogTemplatesOptions, type LogTemplatesResult } from './diagnose/logTemplates';
export { IncrementalDocument } from './engine/incremental';
export { HIT_CONTEXT_LINES, type BlockRunner, type RecordedBlock } from './engine/inputAnalyzer';
export { analyzeBlock, type BlockJob } from './engine/blockAnalysis';
export { RecordingSink } from './engine/sink';
export { addGrammarFaults, takeGrammarFaults, type GrammarFault } from './engine/grammarFaults';
export {
  clickhouseConditions,
  logqlDisjointFilters,
  logqlLineFilters,
  type ClickHouseConditions,
  logqlString,
  pushdownFilter,
  re2Literal,
  re2Pair,
  prefilterForm,
  sqlString,
  substringMinimal,
  type LiteralPair,
  type PushdownFilter,
  type PushdownLimits,
} from './logstore/pushdown';
export {
  CLICKHOUSE_GROUP_KEYS,
  FLEET_GROUPS,
  fleetQueries,
  fleetTable,
  groupLinesQuery,
  signaturePatterns,
  type FleetAnswer,
  type FleetGroup,
  type FleetPatterns,
  type FleetQuery,
  type FleetRow,
  type FleetTable,
  type SignaturePattern,
} from './logstore/fleet';
export { clickhouseGroupWhere } from './logstore/drill';
export {
  LOKI_GROUP_LABELS,
  SIGNATURES_LABEL,
  lokiDrillQuery,
  lokiFleetAnswer,
  lokiFleetQueries,
  lokiFleetQuery,
  lokiGroupLabels,
  lokiGroupLines,
  lokiGroupLinesQuery,
  signaturesTemplate,
  type GroupOrigins,
  type LokiFleetQuery,
  type LokiFleetSpec,
  type LokiSample,
} from './logstore/lokiFleet';
export {
  ES_GROUP_FIELDS,
  ES_MAX_CLAUSES,
  ES_PHRASE_NOTICE,
  ES_SOURCE_FIELDS,
  elasticBaseFilter,
  elasticDrillQuery,
  elasticFleetAnswer,
  elasticFleetRequests,
  elasticGroupLines,
  elasticGroupLinesRequest,
  elasticPhraseGroups,
  esTime,
  esTimeNs,
  queryStringPhrase,
  type ElasticFleetRequest,
  type ElasticFleetSpec,
  type EsCompositeBucket,
  type EsGroupOrigins,
  type EsQuery,
} from './logstore/elasticQuery';
export {
  MAX_CANDIDATE_CHARS,
  linesBySource,
  mergeAnswers,
  storeInputs,
  textBoundHint,
  truncationNotice,
  type CandidateFetch,
  type LogStoreSource,
  type StoreLine,
  type TimeWindow,
} from './logstore/storeSource';
export { contextAsks, readableAlone, readAround, readCandidates, type ContextAsk, type ContextFetch, type StoreContextMode } from './logstore/storeContext';
export { ALL_GRAMMARS, grammarFor } from '../../grammars';
export { grouped } from './grouped';
