/**
 * Parser of one GitLab CI trace line: `RunnerStamp? (SectionStart | SectionEnd | Level)? Message*`.
 * Sample: `section_end:1714557700:step_script`. Format notes in gitlabCiTokens.ts.
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { gitlabCiLexer } from './gitlabCiLexer';
import { gitlabCiTokens, Level, Message, RunnerStamp, SectionEnd, SectionStart } from './gitlabCiTokens';
import { lazy } from '../common/lazy';
import { parseLine, type LineParse } from '../common/parseLine';

/** The parts of one line. */
export interface GitlabCiLine {
  /** The `FF_TIMESTAMPS` prefix, if any. */
  stamp?: IToken;
  /** A section marker or the runner's level prefix. */
  marker?: IToken;
  /** The free text after the head, escapes removed. */
  body: string;
}

class GitlabCiParser extends EmbeddedActionsParser {
  constructor() {
    super(gitlabCiTokens);
    this.performSelfAnalysis();
  }

  line = this.RULE('line', (): GitlabCiLine => {
    const out: GitlabCiLine = { body: '' };
    this.OPTION(() => {
      out.stamp = this.CONSUME(RunnerStamp);
    });
    this.OPTION2(() => {
      out.marker = this.OR([{ ALT: () => this.CONSUME(SectionStart) }, { ALT: () => this.CONSUME(SectionEnd) }, { ALT: () => this.CONSUME(Level) }]);
    });
    this.MANY(() => {
      out.body += this.CONSUME(Message).image;
    });
    return out;
  });
}

const parser = lazy(() => new GitlabCiParser());

/** Lex and parse one line (no line terminator). */
export function parseGitlabCiLine(text: string): LineParse<GitlabCiLine> {
  return parseLine(gitlabCiLexer(), parser(), (p) => p.line(), text);
}
