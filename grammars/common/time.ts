/**
 * Time helpers shared by the grammars: month names, RFC 3339 parsing, and building an epoch from
 * parts when the format omits the year or the zone (klog, journal short, syslog 3164, dmesg -T).
 */
import type { ParseContext } from '../../src/model';

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/**
 * Month abbreviations other than English that `journalctl` prints under a non-English LC_TIME (its
 * short output is `%b %d %H:%M:%S`, glibc's `abmon` of the locale): de, fr, es, it, pt, nl, ru, by
 * month. Chinese and Japanese (`5月`) and Korean (`5월`) write the month's number. No abbreviation
 * names two months.
 */
export const LOCAL_MONTHS: readonly (readonly string[])[] = [
  ['janv.', 'ene', 'gen', 'янв'],
  ['févr.', 'fev', 'фев'],
  ['mär', 'mars', 'mrt', 'мар'],
  ['avr.', 'avril', 'abr', 'апр'],
  ['mai', 'mei', 'mag', 'мая', 'май'],
  ['juin', 'giu', 'июн'],
  ['juil.', 'lug', 'июл'],
  ['août', 'ago', 'авг'],
  ['sept.', 'set', 'сен'],
  ['okt', 'ott', 'out', 'окт'],
  ['ноя'],
  ['dez', 'déc.', 'dic', 'дек'],
];
const LOCAL_INDEX = new Map(LOCAL_MONTHS.flatMap((names, i) => names.map((n) => [n, i] as const)));
/** A month written as its number and 月 (zh, ja) or 월 (ko). */
const NUMBERED_MONTH = /^(1[0-2]|[1-9])[月월]$/;

/** Month index (0-11) of a month abbreviation or name (English, or one of {@link LOCAL_MONTHS}), or -1. */
export function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  const local = LOCAL_INDEX.get(lower);
  if (local !== undefined) return local;
  const numbered = NUMBERED_MONTH.exec(name);
  if (numbered) return Number(numbered[1]) - 1;
  const m = MONTHS[lower.slice(0, 3)];
  return m === undefined ? -1 : m;
}

/** A timestamp read from a line: epoch ms and whether year/zone were guessed. */
export interface ReadTime {
  timestamp: number;
  inferred: boolean;
}

/**
 * Epoch ms from calendar parts. When `year` is undefined, `ctx.defaultYear` is used; when
 * `zoneOffsetMinutes` is undefined, `ctx.defaultZoneOffsetMinutes`. Either makes the result inferred.
 * Returns null for impossible dates.
 */
export function fromParts(
  ctx: ParseContext,
  parts: { year?: number; month: number; day: number; hour: number; minute: number; second: number; ms?: number; zoneOffsetMinutes?: number },
): ReadTime | null {
  const { month, day, hour, minute, second } = parts;
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const year = parts.year ?? ctx.defaultYear;
  const zone = parts.zoneOffsetMinutes ?? ctx.defaultZoneOffsetMinutes;
  const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), parts.ms ?? 0);
  if (Number.isNaN(utc)) return null;
  return { timestamp: utc - zone * 60_000, inferred: parts.year === undefined || parts.zoneOffsetMinutes === undefined };
}

/** Milliseconds from a fraction string such as `123456789` (nanoseconds) or `123`. */
export function fractionToMs(frac: string | undefined): number {
  if (!frac) return 0;
  return Math.floor(Number((frac + '000').slice(0, 3)));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s?(Z|z|[+-]\d{2}:?\d{2}|UTC)?/;

/**
 * Parse an RFC 3339 / ISO 8601 timestamp at the start of `text` (`2021-04-13T10:15:02.123456789Z`,
 * `2021-04-13 10:15:02,123`, `2021-04-13T10:15:02+0200`). A missing zone takes the context's default
 * and marks the result inferred. Returns null when the text does not start with one.
 */
export function parseIsoPrefix(text: string, ctx: ParseContext): ReadTime | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  let zone: number | undefined;
  const z = m[8];
  if (z === 'Z' || z === 'z' || z === 'UTC') zone = 0;
  else if (z) {
    const sign = z[0] === '-' ? -1 : 1;
    const digits = z.slice(1).replace(':', '');
    zone = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return fromParts(ctx, {
    year: Number(m[1]),
    month: Number(m[2]) - 1,
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    ms: fractionToMs(m[7]),
    zoneOffsetMinutes: zone,
  });
}
