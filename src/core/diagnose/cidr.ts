/** IPv4 addresses and CIDR ranges as the cross-line checks compare them (IPv6 ranges are left out). */

/** An IPv4 range: its first address, its mask, its prefix length and its text. */
export interface Ipv4Range {
  base: number;
  mask: number;
  bits: number;
  text: string;
}

/** An IPv4 address as a number, or undefined. */
export function ipv4(s: string | undefined): number | undefined {
  const m = s ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s.trim()) : null;
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** The IPv4 ranges of a cell or flag value (`10.244.1.0/24`, or several: `10.244.1.0/24,fd00::/64`). */
export function cidrs(cell: string): Ipv4Range[] {
  const out: Ipv4Range[] = [];
  for (const part of cell.split(/[,\s]+/)) {
    const m = /^([\d.]+)\/(\d{1,2})$/.exec(part.trim());
    const base = m ? ipv4(m[1]) : undefined;
    if (!m || base === undefined || Number(m[2]) > 32) continue;
    const bits = Number(m[2]);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    out.push({ base: (base & mask) >>> 0, mask, bits, text: part.trim() });
  }
  return out;
}

/** Is range `inner` wholly inside range `outer`? */
export function within(inner: Ipv4Range, outer: Ipv4Range): boolean {
  return inner.bits >= outer.bits && (inner.base & outer.mask) >>> 0 === outer.base;
}
