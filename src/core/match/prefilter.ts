/**
 * The literal prefilter: one Aho-Corasick automaton over every literal of every compiled rule,
 * folded to ASCII lower case, run as a dense DFA over byte classes on the raw UTF-8 bytes (no
 * decoding). One pass finds every position where some literal ends, whatever the number of
 * signatures; only the lines holding such positions are decoded, parsed and verified.
 *
 * Whitespace is one class, and a run of it counts as one space: every state entered on whitespace
 * stays put on more whitespace. So the phrase literal `failed to pull image` is found in
 * `failed  to\tpull image` too, and phrases stay a necessary condition for the rules they come from.
 *
 * The separator between two words of a phrase is read the way grammars may have written it in the
 * raw bytes: a double quote counts as whitespace (klog's `"conn write failure" err=` is the message
 * `conn write failure err=`; a JSON value's quotes), and so does an escape (`\n`, `\t`, `\r`, `\f`,
 * `\b`, `\"`, `\\` inside a JSON or Go string): after a backslash read in a separator the automaton
 * waits in a shadow of its state, where the escape's letter returns it to the separator. Literals
 * never hold a quote, a backslash or another character an encoder escapes (ruleLiterals.ts cuts them
 * there), so with both, a literal of a rule is in the raw bytes of every line whose text it is in.
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

/** The byte classes of whitespace (a quote included) and of the backslash. */
const WS = 1;
const BACKSLASH = 2;
/** The letters of JSON's and Go's whitespace escapes, lower case (`\n`, `\t`, `\r`, `\f`, `\b`). */
const ESCAPE_LETTERS = [0x6e, 0x74, 0x72, 0x66, 0x62];

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
    // A quote or a backslash is whitespace to the automaton: in a literal too (a run is one separator).
    const encoded = this.literals.map((l) => Buffer.from(l.replace(/["\\]/g, ' ').replace(/ {2,}/g, ' ').trim(), 'utf8'));
    const classOf = this.classOf;
    // Class 1: whitespace (space, tab, CR, LF, VT, FF, and the double quote), present or not in the
    // literals; class 2: the backslash; classes 3-7: the letters of whitespace escapes (n t r f b).
    for (const ws of [0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c, 0x22]) classOf[ws] = WS;
    classOf[0x5c] = BACKSLASH;
    let nClasses = BACKSLASH + 1;
    for (const c of ESCAPE_LETTERS) {
      classOf[c] = nClasses;
      classOf[c - 0x20] = nClasses++;
    }
    const escapeClasses = new Set([WS, BACKSLASH, ...ESCAPE_LETTERS.map((c) => classOf[c])]);
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
      if (t !== undefined) {
        queue.push(t);
        next[k] = t;
      }
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
    // Shadows: a state entered on whitespace, after a backslash. The escape's letter (or a quote, or
    // whitespace) returns to the state; any other byte goes on as if the backslash had been a space.
    const shadowOf = new Int32Array(n).fill(-1);
    let total = n;
    for (let st = 1; st < n; st++) if (enteredOnSpace[st]) shadowOf[st] = total++;
    const all = new Int32Array(total * nClasses);
    all.set(next);
    for (let st = 0; st < n; st++) {
      const t = next[st * nClasses + WS];
      all[st * nClasses + BACKSLASH] = shadowOf[t] >= 0 ? shadowOf[t] : t;
      const sh = shadowOf[st];
      if (sh < 0) continue;
      for (let k = 0; k < nClasses; k++) all[sh * nClasses + k] = escapeClasses.has(k) ? st : all[st * nClasses + k];
    }
    // More backslashes stay in the shadow: `\\n`, `\\\"` are a newline and a quote escaped twice (klog's
    // err="..." inside a JSON string), which the verifier reads through too.
    for (let st = 1; st < n; st++) if (shadowOf[st] >= 0) all[shadowOf[st] * nClasses + BACKSLASH] = shadowOf[st];
    const outStart = new Int32Array(total + 1);
    const ids: number[] = [];
    for (let s = 0; s < total; s++) {
      outStart[s] = ids.length;
      if (s < n) ids.push(...new Set(out[s]));
    }
    outStart[total] = ids.length;
    this.outStart = outStart;
    this.outIds = Int32Array.from(ids);
    this.delta = new Int32Array(total * nClasses);
    for (let i = 0; i < all.length; i++) {
      const t = all[i];
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
    this.scan(Buffer.from(text, 'utf8'), (_p, ids, a, b) => {
      for (let k = a; k < b; k++) found.add(ids[k]);
    });
    return found;
  }
}
