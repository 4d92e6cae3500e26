/**
 * Redacts secrets from log text before it is shown or shared: bearer tokens, JWTs, passwords in
 * URLs, cloud keys, private keys, kubeconfig tokens and key data, generic password/secret/token
 * assignments. Each secret becomes `[REDACTED:<kind>]`, keeping the surrounding text readable.
 */

interface Rule { kind: string; re: RegExp; keep?: number }

const RULES: Rule[] = [
  { kind: 'private-key', re: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g },
  { kind: 'bearer', re: /(\b[Bb]earer\s+)[A-Za-z0-9._~+\/=-]{8,}/g, keep: 1 },
  { kind: 'basic-auth', re: /(\bBasic\s+)[A-Za-z0-9+\/=]{8,}/g, keep: 1 },
  { kind: 'url-password', re: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@\/]+:)[^\s@\/]+(?=@)/gi, keep: 1 },
  { kind: 'aws-access-key', re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { kind: 'aws-secret', re: /(\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?)[A-Za-z0-9\/+=]{30,}/gi, keep: 1 },
  { kind: 'gcp-key', re: /("private_key"\s*:\s*")[^"]+/g, keep: 1 },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g },
  { kind: 'slack-token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g },
  { kind: 'kubeconfig', re: /(\b(?:client-key-data|client-certificate-data|token|id-token|refresh-token)\s*:\s*)[A-Za-z0-9._\/+=-]{16,}/g, keep: 1 },
  { kind: 'password', re: /(\b(?:[A-Za-z0-9]+[_-])*(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)\b["']?\s*[:=]\s*["']?)(?!\[REDACTED)[^\s"',;&]{3,}/gi, keep: 1 },
];

/** Redact `text`. Returns the text and how many secrets were replaced. */
export function redact(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const r of RULES) {
    out = out.replace(r.re, (...m: string[]) => {
      count++;
      return (r.keep ? m[r.keep] : '') + `[REDACTED:${r.kind}]`;
    });
  }
  return { text: out, count };
}

/** Redact and return just the text. */
export function redactText(text: string): string {
  return redact(text).text;
}
