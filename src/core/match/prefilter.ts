/**
 * The literal prefilter: one Aho-Corasick automaton over every literal of every compiled rule,
 * folded to ASCII lower case, run as a dense DFA over byte classes on the raw UTF-8 bytes (no
 * decoding). One pass finds every position where some literal ends, whatever the number of
 * signatures; only the lines holding such positions are decoded, parsed and verified.
 *
 * Whitespace is one class, and a run of it counts as one space: every state entered on whitespace
 * stays put on more whitespace. So the phrase literal `failed to pull image` is found in
 * `failed  to\tpull image` too, and phrases stay a necessary condition for the rules they come from.
 */

/** An automaton as data, so a catalogue compiled ahead need not rebuild it (its tables are stored as bytes). */
export interface PrefilterData {
  literals: string[];
  classes: number;
  classOf: Uint8Array;
  delta: Int32Array;
  outStart: Int32Array;
  outIds: Int32Array;
}

/** A compiled automaton. */
export class LiteralPrefilter {
  /** Literal strings by id (lower case). */
  readonly literals: readonly string[];
  private readonly classOf: Uint8Array = new Uint8Array(256);
  private readonly classes: number;
  /**
   * delta[row + class] = next state's row (row = state * classes); negative when that state
   * ends at least one literal (then -row is the row).
   */
  private readonly delta: Int32Array;
  /** outStart[state] .. outStart[state+1] index into outIds. */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;

  /** Build the automaton over `literals`, or take it from `data` made over the same literals by {@link toData}. */
  constructor(literals: readonly string[], data?: PrefilterData) {
    this.literals = literals.map((l) => l.toLowerCase().replace(/\s+/g, ' '));
    if (data && data.literals.length === literals.length && data.literals.every((l, i) => l === literals[i])) {
      this.classes = data.classes;
      this.classOf = data.classOf;
      this.delta = data.delta;
      this.outStart = data.outStart;
      this.outIds = data.outIds;
      return;
    }
    const encoded = this.literals.map((l) => Buffer.from(l, 'utf8'));
    const classOf = this.classOf;
    // Class 1: whitespace (space, tab, CR, LF, VT, FF), present or not in the literals.
    for (const ws of [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]) classOf[ws] = 1;
    const WS = 1;
    let nClasses = 2;
    for (const lit of encoded) {
      for (const c of lit) {
        if (classOf[c] === 0) {
          classOf[c] = nClasses;
          if (c >= 0x61 && c <= 0x7a) classOf[c - 0x20] = nClasses;
          nClasses++;
        }
      }
    }
    this.classes = nClasses;
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    encoded.forEach((lit, id) => {
      let s = 0;
      for (const b of lit) {
        const k = classOf[b];
        let t = goto[s].get(k);
        if (t === undefined) {
          t = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s].set(k, t);
        }
        s = t;
      }
      if (lit.length > 0) out[s].push(id);
    });
    const n = goto.length;
    // States whose last consumed byte was whitespace: a trie node's incoming class.
    const enteredOnSpace = new Uint8Array(n);
    for (let st = 0; st < n; st++) for (const [k, t] of goto[st]) if (k === WS) enteredOnSpace[t] = 1;
    const fail = new Int32Array(n);
    const next = new Int32Array(n * nClasses); // state numbers, not rows
    const queue: number[] = [];
    for (let k = 0; k < nClasses; k++) {
      const t = goto[0].get(k);
      if (t !== undefined) { queue.push(t); next[k] = t; }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      out[s].push(...out[fail[s]]);
      for (let k = 0; k < nClasses; k++) {
        const t = goto[s].get(k);
        if (t !== undefined) {
          fail[t] = next[fail[s] * nClasses + k];
          queue.push(t);
          next[s * nClasses + k] = t;
        } else {
          next[s * nClasses + k] = next[fail[s] * nClasses + k];
        }
      }
    }
    for (let st = 1; st < n; st++) if (enteredOnSpace[st]) next[st * nClasses + WS] = st;
    const outStart = new Int32Array(n + 1);
    const ids: number[] = [];
    for (let s = 0; s < n; s++) {
      outStart[s] = ids.length;
      ids.push(...new Set(out[s]));
    }
    outStart[n] = ids.length;
    this.outStart = outStart;
    this.outIds = Int32Array.from(ids);
    this.delta = new Int32Array(n * nClasses);
    for (let i = 0; i < next.length; i++) {
      const t = next[i];
      this.delta[i] = outStart[t] !== outStart[t + 1] ? -(t * nClasses) : t * nClasses;
    }
  }

  /** The automaton as data, for {@link constructor}. */
  toData(literals: readonly string[]): PrefilterData {
    return { literals: [...literals], classes: this.classes, classOf: this.classOf, delta: this.delta, outStart: this.outStart, outIds: this.outIds };
  }

  /** Number of automaton states (for diagnostics). */
  get stateCount(): number {
    return this.outStart.length - 1;
  }

  /**
   * Scan `bytes[from, to)`. At each position where literals end, calls `onHit(position, ids, a, b)`:
   * the literal ids are `ids[a] .. ids[b - 1]` (no array is made per hit: this is the hot loop).
   */
  scan(bytes: Uint8Array, onHit: (pos: number, ids: Int32Array, a: number, b: number) => void, from = 0, to = bytes.length): void {
    const { classOf, delta, outStart, outIds, classes } = this;
    let s = 0;
    for (let i = from; i < to; i++) {
      s = delta[s + classOf[bytes[i]]];
      if (s < 0) {
        s = -s;
        const st = s / classes;
        onHit(i, outIds, outStart[st], outStart[st + 1]);
      }
    }
  }

  /** Ids of the literals found in `text` (a string, e.g. an example line or an edited document). */
  find(text: string): Set<number> {
    const found = new Set<number>();
    this.scan(Buffer.from(text, 'utf8'), (_p, ids, a, b) => { for (let k = a; k < b; k++) found.add(ids[k]); });
    return found;
  }
}
