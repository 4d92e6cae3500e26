/**
 * Parser of one GitHub Actions log line: `Stamp? (Marker | ToolCommand | Annotation)? Message*`.
 * Sample: `2024-05-01T10:00:01.2345678Z ##[group]Run actions/checkout@v4`. Format notes in
 * githubActionsTokens.ts.
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { githubActionsLexer } from './githubActionsLexer';
import { Annotation, githubActionsTokens, Marker, Message, Stamp, ToolCommand } from './githubActionsTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** The parts of one line. */
export interface GithubActionsLine {
  /** The runner's stamp, if any. */
  stamp?: IToken;
  /** `##[...]`, `[command]` or a web-view annotation prefix. */
  marker?: IToken;
  /** The free text after the head, escapes removed. */
  body: string;
}

class GithubActionsParser extends EmbeddedActionsParser {
  constructor() {
    super(githubActionsTokens);
    this.performSelfAnalysis();
  }

  line = this.RULE('line', (): GithubActionsLine => {
    const out: GithubActionsLine = { body: '' };
    this.OPTION(() => {
      out.stamp = this.CONSUME(Stamp);
    });
    this.OPTION2(() => {
      out.marker = this.OR([{ ALT: () => this.CONSUME(Marker) }, { ALT: () => this.CONSUME(ToolCommand) }, { ALT: () => this.CONSUME(Annotation) }]);
    });
    this.MANY(() => {
      out.body += this.CONSUME(Message).image;
    });
    return out;
  });
}

const parser = lazy(() => new GithubActionsParser());

/** Lex and parse one line (no line terminator). */
export function parseGithubActionsLine(text: string): LineParse<GithubActionsLine> {
  return parseLine(githubActionsLexer(), parser(), (p) => p.line(), text);
}
