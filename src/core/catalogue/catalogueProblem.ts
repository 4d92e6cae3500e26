/** A problem found in a catalogue file, and the bounds on what such a file may hold. */

/** A problem in a catalogue file. */
export interface CatalogueProblem {
  /** File path as given. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  /** `error` drops the signature; `warning` keeps it. */
  level: 'error' | 'warning';
  /** What is wrong and, where possible, how to fix it. */
  message: string;
}

/** Largest signature file read (the shipped ones are under 10 KB); larger ones are refused before they are read. */
export const MAX_SIGNATURE_FILE_BYTES = 1024 * 1024;
/** Longest text of one field (the shipped ones are under 2 KB). */
export const MAX_FIELD_CHARS = 64 * 1024;

/** "1.5 MB". */
const size = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The problem of a signature file larger than {@link MAX_SIGNATURE_FILE_BYTES}, for any reader of such files. */
export function oversizeProblem(file: string, bytes: number): CatalogueProblem {
  return {
    file,
    line: 1,
    level: 'error',
    message: `the file is ${size(bytes)}; a signature file is at most ${size(MAX_SIGNATURE_FILE_BYTES)} (the shipped ones are under 10 KB), so it is not read`,
  };
}
