/**
 * Parser of the signature rule language: tokens -> {@link Rule}. Errors are returned, never thrown.
 * Grammar (docs/signature-language.md):
 *   rule      := step (THEN step WITHIN duration (ON SAME name (, name)*)?)*
 *   step      := pattern (WHERE or)?
 *   pattern   := sequence (| sequence)*
 *   sequence  := element+
 *   element   := Word | "quoted" | i"quoted" | re"regex" | * | {type[:name]} | ( pattern ) | ( pattern )?
 *   or        := and (OR and)*      and := unary (AND unary)*      unary := NOT unary | ( or ) | compare
 *   compare   := name (= | != | >= | <= | > | < | ~) value  |  name IN ( value (, value)* )
 */
import { EmbeddedActionsParser, Lexer, type IToken } from 'chevrotain';
import * as T from './ruleTokens';
import { CAPTURE_TYPES, type CaptureType, type Condition, type PatternElement, type Rule, type RuleStep, type StepLink } from './ruleAst';

const lexer = new Lexer(T.RULE_LEXER_DEFINITION, { positionTracking: 'onlyOffset', ensureOptimizations: false });

function unquote(image: string, prefix: number): string {
  return image.slice(prefix + 1, -1).replace(/\\(.)/g, '$1');
}

function parseDurationMs(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    matched += m[0];
    total += Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const)[m[2] as 'ms'];
  }
  return matched === text && matched !== '' ? total : NaN;
}

class RuleParser extends EmbeddedActionsParser {
  private prevEnd = -2;

  constructor() {
    super(T.ALL_RULE_TOKENS, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  /** Adjacency: did whitespace stand between the previous token and this one? */
  private spaced(tok: IToken): boolean {
    const spaced = tok.startOffset > this.prevEnd + 1;
    this.prevEnd = tok.startOffset + tok.image.length - 1;
    return spaced;
  }

  /** Whether whitespace stood before the token, and where it is in the rule text. */
  private placed(tok: IToken): { spaceBefore: boolean; offset: number; end: number } {
    return { spaceBefore: this.spaced(tok), offset: tok.startOffset, end: tok.startOffset + tok.image.length };
  }

  resetAdjacency(): void {
    this.prevEnd = -2;
  }

  public rule = this.RULE('rule', (): Rule => {
    const steps: RuleStep[] = [this.SUBRULE(this.step)];
    const links: StepLink[] = [];
    this.MANY(() => {
      this.CONSUME(T.Then);
      this.ACTION(() => this.resetAdjacency());
      steps.push(this.SUBRULE2(this.step));
      this.CONSUME(T.Within);
      const d = this.CONSUME(T.Value);
      const same: string[] = [];
      this.OPTION(() => {
        this.CONSUME(T.On);
        this.CONSUME(T.Same);
        same.push(this.CONSUME2(T.Value).image);
        this.MANY2(() => {
          this.CONSUME(T.Comma);
          same.push(this.CONSUME3(T.Value).image);
        });
      });
      links.push({ withinMs: this.ACTION(() => parseDurationMs(d.image)) as number, same });
    });
    return { steps, links };
  });

  private step = this.RULE('step', (): RuleStep => {
    const alternatives = this.SUBRULE(this.pattern);
    let where: Condition | undefined;
    this.OPTION(() => {
      this.CONSUME(T.Where);
      where = this.SUBRULE(this.orCond);
    });
    return where ? { alternatives, where } : { alternatives };
  });

  private pattern = this.RULE('pattern', (): PatternElement[][] => {
    const alts: PatternElement[][] = [this.SUBRULE(this.sequence)];
    this.MANY(() => {
      this.CONSUME(T.Pipe);
      alts.push(this.SUBRULE2(this.sequence));
    });
    return alts;
  });

  private sequence = this.RULE('sequence', (): PatternElement[] => {
    const items: PatternElement[] = [];
    this.AT_LEAST_ONE(() => items.push(this.SUBRULE(this.element)));
    return items;
  });

  private element = this.RULE('element', (): PatternElement =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.Word);
          return { type: 'word', text: t.image, ...this.placed(t) } as PatternElement;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Quoted);
          return { type: 'quoted', text: unquote(t.image, 0), caseInsensitive: false, ...this.placed(t) } as PatternElement;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.IQuoted);
          return { type: 'quoted', text: unquote(t.image, 1), caseInsensitive: true, ...this.placed(t) } as PatternElement;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.RegexLit);
          return { type: 'regex', source: t.image.slice(3, -1).replace(/\\"/g, '"'), ...this.placed(t) } as PatternElement;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Star);
          return { type: 'star', ...this.placed(t) } as PatternElement;
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Capture);
          const [type, name] = t.image.slice(1, -1).split(':');
          return { type: 'capture', captureType: type as CaptureType, name: name ?? type, ...this.placed(t) } as PatternElement;
        },
      },
      {
        ALT: () => {
          const open = this.CONSUME(T.LParen);
          const spaceBefore = this.spaced(open);
          const alternatives = this.SUBRULE(this.pattern);
          let optional = false;
          let close: IToken | undefined;
          this.OR2([
            {
              ALT: () => {
                close = this.CONSUME(T.RParen);
                this.spaced(close);
              },
            },
            {
              ALT: () => {
                close = this.CONSUME(T.OptionalClose);
                this.spaced(close);
                optional = true;
              },
            },
          ]);
          return {
            type: 'group',
            alternatives,
            optional,
            spaceBefore,
            offset: open.startOffset,
            end: close ? close.startOffset + close.image.length : open.startOffset + 1,
          } as PatternElement;
        },
      },
    ]),
  );

  private orCond = this.RULE('orCond', (): Condition => {
    const items = [this.SUBRULE(this.andCond)];
    this.MANY(() => {
      this.CONSUME(T.Or);
      items.push(this.SUBRULE2(this.andCond));
    });
    return items.length === 1 ? items[0] : { type: 'or', items };
  });

  private andCond = this.RULE('andCond', (): Condition => {
    const items = [this.SUBRULE(this.unary)];
    this.MANY(() => {
      this.CONSUME(T.And);
      items.push(this.SUBRULE2(this.unary));
    });
    return items.length === 1 ? items[0] : { type: 'and', items };
  });

  private unary = this.RULE('unary', (): Condition =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          return { type: 'not', item: this.SUBRULE(this.unary) } as Condition;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const c = this.SUBRULE(this.orCond);
          this.CONSUME(T.RParen);
          return c;
        },
      },
      { ALT: () => this.SUBRULE(this.compare) },
    ]),
  );

  private compare = this.RULE('compare', (): Condition => {
    const field = this.CONSUME(T.Value).image;
    return this.OR([
      {
        ALT: () => {
          const op = this.CONSUME(T.CompareOp).image as '=';
          const v = this.SUBRULE(this.value);
          return { type: 'compare', field, op, values: [v] } as Condition;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.In);
          this.CONSUME(T.LParen);
          const values = [this.SUBRULE2(this.value)];
          this.MANY(() => {
            this.CONSUME(T.Comma);
            values.push(this.SUBRULE3(this.value));
          });
          this.CONSUME(T.RParen);
          return { type: 'compare', field, op: 'in', values } as Condition;
        },
      },
    ]);
  });

  private value = this.RULE('value', (): string =>
    this.OR([
      { ALT: () => this.CONSUME(T.Value).image },
      { ALT: () => unquote(this.CONSUME(T.Quoted).image, 0) },
      { ALT: () => unquote(this.CONSUME(T.IQuoted).image, 1) },
      { ALT: () => this.CONSUME(T.RegexLit).image.slice(3, -1).replace(/\\"/g, '"') },
    ]),
  );
}

const parser = new RuleParser();

/** Result of parsing one rule. */
export interface RuleParseResult {
  /** The rule, when there were no errors. */
  value?: Rule;
  /** Human-readable errors with 0-based column. */
  errors: { message: string; column: number }[];
}

/** Parse rule text. Never throws. */
export function parseRule(text: string): RuleParseResult {
  const lexed = lexer.tokenize(text);
  const errors = lexed.errors.map((e) => ({ message: `unexpected character ${JSON.stringify(text.slice(e.offset, e.offset + 1))}`, column: e.offset }));
  if (errors.length) return { errors };
  parser.resetAdjacency();
  parser.input = lexed.tokens;
  const value = parser.rule();
  for (const e of parser.errors) {
    errors.push({ message: friendlyMessage(e.message, e.token.image), column: Number.isFinite(e.token.startOffset) ? e.token.startOffset : text.length });
  }
  if (errors.length || !value) return { errors };
  errors.push(...semanticErrors(value, text));
  return errors.length ? { errors } : { value, errors };
}

/** Chevrotain's "Expecting: one of these possible Token sequences" in words a catalogue author reads. */
function friendlyMessage(raw: string, found: string | undefined): string {
  const at = found ? `at ${JSON.stringify(found)}` : 'at the end';
  if (/\[RParen\]/.test(raw) && /\[OptionalClose\]/.test(raw)) return `unclosed group: a "(" has no ")" (${at})`;
  if (/Expecting token of type --> Within <--/.test(raw)) return `THEN needs WITHIN <duration> after the second step (${at})`;
  if (/Expecting: one of these possible Token sequences/.test(raw) && !found)
    return 'the rule ends too early (after WHERE, AND, OR, IN or THEN something must follow)';
  if (/^Redundant input/.test(raw)) return `unexpected ${JSON.stringify(found)}${found === ')' ? ': a ")" without its "("' : ''}`;
  const names = [...new Set([...raw.matchAll(/\[(\w+)\]|--> (\w+) <--/g)].map((m) => TOKEN_WORDS[m[1] ?? m[2]] ?? m[1] ?? m[2]))];
  return names.length ? `expected ${names.join(' or ')} ${at}` : `${raw.split('\n')[0]} (${at})`;
}

/** Token names as a rule author writes them. */
const TOKEN_WORDS: Record<string, string> = {
  CompareOp: 'a comparison (=, !=, >=, <=, >, <, ~)',
  In: 'IN',
  RParen: '")"',
  LParen: '"("',
  OptionalClose: '")?"',
  Value: 'a field or value',
  Within: 'WITHIN',
  Then: 'THEN',
  Comma: '","',
  Same: 'SAME',
  On: 'ON',
  Word: 'a word',
  Capture: 'a {capture}',
};

function semanticErrors(rule: Rule, text: string): { message: string; column: number }[] {
  const out: { message: string; column: number }[] = [];
  const visit = (els: PatternElement[][]): void => {
    for (const seq of els)
      for (const el of seq) {
        if (el.type === 'capture' && !(CAPTURE_TYPES as readonly string[]).includes(el.captureType)) {
          out.push({ message: `unknown capture type "${el.captureType}" (known: ${CAPTURE_TYPES.join(', ')})`, column: text.indexOf(`{${el.captureType}`) });
        }
        if (el.type === 'group') visit(el.alternatives);
      }
  };
  for (const s of rule.steps) visit(s.alternatives);
  for (const l of rule.links)
    if (!Number.isFinite(l.withinMs)) out.push({ message: 'WITHIN needs a duration such as 10m, 90s or 1h30m', column: text.indexOf('WITHIN') });
  return out;
}
