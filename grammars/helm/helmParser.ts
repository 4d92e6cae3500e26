/**
 * Parser of one Helm line: `Indent Message* | (Caller | Component | GoDate)* prefix? Message*`.
 * Sample: `[storage] 2021/04/13 10:15:02 getting release history for "web"`. Format notes in helmTokens.ts.
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { helmLexer } from './helmLexer';
import { Caller, Component, ErrorPrefix, GoDate, helmTokens, Indent, Message, SummaryField, WarningPrefix } from './helmTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** The parts of one line. */
export interface HelmLine {
  /** True for an indented continuation line. */
  continuation: boolean;
  /** `upgrade.go:142` without the colon and space. */
  caller?: string;
  /** Bracketed components in order, without brackets: `['tiller']`, `['debug']`. */
  components: string[];
  /** The Go `log` date token. */
  date?: IToken;
  /** `Error: `, `WARNING: ` or a summary field such as `STATUS: `. */
  prefix?: IToken;
  /** The text after the head. */
  body: string;
}

class HelmParser extends EmbeddedActionsParser {
  constructor() {
    super(helmTokens);
    this.performSelfAnalysis();
  }

  line = this.RULE('line', (): HelmLine => {
    const out: HelmLine = { continuation: false, components: [], body: '' };
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Indent);
          out.continuation = true;
        },
      },
      {
        ALT: () => {
          this.MANY(() => {
            this.OR2([
              {
                ALT: () => {
                  out.caller = this.CONSUME(Caller).image.replace(/: ?$/, '');
                },
              },
              {
                ALT: () => {
                  out.components.push(this.CONSUME(Component).image.trim().slice(1, -1));
                },
              },
              {
                ALT: () => {
                  out.date = this.CONSUME(GoDate);
                },
              },
            ]);
          });
          this.OPTION(() => {
            out.prefix = this.OR3([
              { ALT: () => this.CONSUME(ErrorPrefix) },
              { ALT: () => this.CONSUME(WarningPrefix) },
              { ALT: () => this.CONSUME(SummaryField) },
            ]);
          });
        },
      },
    ]);
    this.MANY2(() => {
      out.body += this.CONSUME(Message).image;
    });
    return out;
  });
}

const parser = lazy(() => new HelmParser());

/** Lex and parse one line (no line terminator). */
export function parseHelmLine(text: string): LineParse<HelmLine> {
  return parseLine(helmLexer(), parser(), (p) => p.line(), text);
}
