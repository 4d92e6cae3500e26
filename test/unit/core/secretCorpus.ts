/** The secret-form corpus of test/fixtures/secrets, shared by the redaction tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'secrets');

/** One corpus line: a realistic log line and the fake secret in it. */
export interface SecretLine {
  form: string;
  line: string;
  secret: string;
}

/** The corpus of secret forms (test/fixtures/secrets/forms.yaml and heldout.yaml), one entry per line. */
export function secretCorpus(): SecretLine[] {
  return ['forms.yaml', 'heldout.yaml'].flatMap((file) => {
    const forms = YAML.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { form: string; lines: { line: string; secret: string }[] }[];
    return forms.flatMap((f) => f.lines.map((l) => ({ form: f.form, ...l })));
  });
}

/** Ordinary log lines that must come out of redaction unchanged. */
export function keepCorpus(): string[] {
  return readFileSync(join(FIXTURES, 'keep.log'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
}

/** Where `secret` (or, for a long one, any 12 characters of it) still shows in `out`; undefined when nowhere. */
export function leakIn(out: string, secret: string): string | undefined {
  if (out.includes(secret)) return secret;
  if (secret.length < 16) return undefined;
  for (let i = 0; i + 12 <= secret.length; i++) if (out.includes(secret.slice(i, i + 12))) return secret.slice(i, i + 12);
  return undefined;
}
