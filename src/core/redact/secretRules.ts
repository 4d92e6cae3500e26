/**
 * Secrets recognised by their shape: provider tokens with a fixed prefix, URLs with credentials,
 * private key blocks, and command lines that take a password in a short flag. One rule per
 * provider or form, as data, in the manner of secretlint and gitleaks (whose published token
 * formats these follow), each with a line it must redact (`leak`) and one it must leave (`keep`);
 * the unit suite checks both.
 *
 * Linear time on any input, by construction:
 * - every quantifier is bounded (`{n,m}`), so one attempt reads at most a few KiB;
 * - a rule whose token starts inside a run of its own characters begins with a lookbehind on that
 *   class (`(?<![A-Za-z0-9_])ghp_`), so within a run only its first position can start an attempt;
 * - no quantified group contains another quantifier.
 * The suite times every rule on hostile lines made from its own example (10 KB against 1 MB).
 */
import { looksTokenish } from './namedValues';

/** One shape of secret. */
export interface SecretRule {
  /** The `<kind>` of `[REDACTED:<kind>]`. */
  kind: string;
  /** What it finds and where it is seen. */
  doc: string;
  /**
   * Lower-case literals one of which every match holds: a text holding none is not searched with
   * this rule (most log lines hold none, so redaction costs a few substring tests a line).
   */
  hints: readonly string[];
  /**
   * Global (`g`) and with indices (`d`). The named group `secret` is what is replaced (the text
   * around it stays readable: `postgres://app:[REDACTED:url-password]@db`); without one, the whole match.
   */
  re: RegExp;
  /** A veto on a candidate secret, for shapes a pattern alone would over-match. */
  accept?: (secret: string) => boolean;
  /** A line this rule must redact and one it must leave as it is. */
  examples: { leak: string; keep: string };
}

/** Printable text decoded from base64, or undefined. */
function base64Text(s: string): string | undefined {
  try {
    const t = atob(s.length % 4 === 0 ? s : s + '='.repeat(4 - (s.length % 4)));
    return /^[\x20-\x7e]+$/.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** The secret rules by shape, checked in this order (overlapping finds are merged). */
export const SECRET_RULES: readonly SecretRule[] = [
  {
    kind: 'private-key',
    doc: 'PEM and OpenSSH private key blocks, to the END line (or 16 KiB, or the end of the text when cut off); also inside JSON with `\\n` escapes',
    hints: ['private key'],
    re: /-----BEGIN[A-Z ]{0,40} PRIVATE KEY-----(?:[\s\S]{0,16384}?(?:-----END[A-Z ]{0,40} PRIVATE KEY-----|$)|[\s\S]{1,16384})/dg,
    examples: {
      leak: 'error: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx4Fq\n-----END RSA PRIVATE KEY-----',
      keep: 'error: -----BEGIN CERTIFICATE----- expired',
    },
  },
  {
    kind: 'private-key',
    doc: "a base64-encoded PEM private key (kubeconfig `client-key-data`, a Secret's `tls.key`): `LS0tLS1CRUdJTi` is `-----BEGIN`",
    hints: ['ls0tls1crudjti'],
    re: /(?<![A-Za-z0-9+/])LS0tLS1CRUdJTi[A-Za-z0-9+/]{8,16384}={0,2}/dg,
    accept: (s) => /PRIVATE KEY/.test(atobPrefix(s)),
    examples: {
      leak: 'client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlF',
      keep: 'certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=',
    },
  },
  {
    kind: 'jwt',
    doc: 'JSON web tokens: service-account tokens, OIDC id tokens (header `eyJ`, three base64url parts)',
    hints: ['eyj'],
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{8,8192}/dg,
    examples: { leak: 'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJlLXZhbHVl expired', keep: 'error: eyJhbGciOiJSUzI1NiJ9 is not a complete token' },
  },
  {
    kind: 'url-password',
    doc: 'the password of `scheme://user:password@host` (postgres, mysql, mongodb+srv, amqp, redis with an empty user, http)',
    hints: ['://'],
    re: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/[^\s:@/"'<>]{0,256}:(?<secret>[^\s@/"'<>]{1,256})@/dg,
    examples: { leak: 'dial redis://:s3cr3t-Pw@redis:6379: i/o timeout', keep: 'Get "https://10.96.0.1:443/api/v1/pods": dial tcp 10.96.0.1:443: i/o timeout' },
  },
  {
    kind: 'url-password',
    doc: 'the password of a Go MySQL DSN, `user:password@tcp(host:port)/db` (no scheme)',
    hints: ['@tcp(', '@unix('],
    re: /(?<![^\s"'=(])[^\s:@/"'()]{1,128}:(?<secret>[^\s@"']{1,256})@(?:tcp|unix)\(/dg,
    examples: { leak: 'dial failed dsn="app:Hx7$kq2!@tcp(10.0.0.4:3306)/orders"', keep: 'dial tcp 10.0.0.4:3306: connect: connection refused' },
  },
  {
    kind: 'aws-access-key',
    doc: 'AWS access key ids, long-term (AKIA) and temporary (ASIA, with a session token)',
    hints: ['akia', 'asia', 'abia', 'acca'],
    re: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/dg,
    examples: { leak: 'failed with credentials ASIAMZF5OBR704YHQGEY: ExpiredToken', keep: 'error: ASIA-PACIFIC region unavailable' },
  },
  {
    kind: 'aws-session-token',
    doc: 'AWS STS session tokens by their fixed base64 opening (`FwoGZXIvYXdz` is `...er/aws`)',
    hints: ['fwogzxivyxdz', 'fqogzxivyxdz', 'iqojb3jpz2lux2v'],
    re: /(?<![A-Za-z0-9+/])(?:FwoGZXIvYXdz|FQoGZXIvYXdz|IQoJb3JpZ2luX2V)[A-Za-z0-9+/]{20,4096}={0,2}/dg,
    examples: { leak: 'x-amz-security-token FwoGZXIvYXdzEZCLk1VPMTLnz+VWNALYXTU2z rejected', keep: 'error: FwoG is not a token' },
  },
  {
    kind: 'gitlab-token',
    doc: 'GitLab tokens: personal (glpat-), CI job (glcbt-), runner (glrt-), deploy (gldt-), trigger, feed, agent, OAuth, SCIM',
    hints: ['gl'],
    re: /(?<![A-Za-z0-9_-])gl(?:pat|cbt|rt|dt|ptt|ft|imt|agent|oas|soat|ffct|cf)-[A-Za-z0-9_-]{20,255}/dg,
    examples: { leak: 'git clone https://gitlab.example.com with glpat-Xq7fL2mN9pR4sT6vW8yZ failed', keep: 'error: glpat- tokens must be rotated' },
  },
  {
    kind: 'github-token',
    doc: 'GitHub tokens: classic PAT (ghp_), OAuth (gho_), user-to-server (ghu_), app installation (ghs_), refresh (ghr_), fine-grained (github_pat_)',
    hints: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})/dg,
    examples: { leak: 'GITHUB_TOKEN ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 401', keep: 'error: ghp_ prefix expected' },
  },
  {
    kind: 'slack-token',
    doc: 'Slack bot, user, app-level and configuration tokens',
    hints: ['xox', 'xapp-'],
    re: /(?<![A-Za-z0-9-])(?:xox[abposre]-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})/dg,
    examples: { leak: 'slack token xoxb-123456789012-123456789012-abcdefghijABCDEFGHIJklmn invalid_auth', keep: 'error: xoxb- token missing' },
  },
  {
    kind: 'slack-webhook',
    doc: 'Slack incoming webhook and workflow URLs: the path after `/services/` is the credential',
    hints: ['hooks.slack.com'],
    re: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9_/-]{20,200})/dg,
    examples: {
      leak: 'POST https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFGHI/abcDEF123ghiJKL456mnoPQR failed',
      keep: 'error: see https://api.slack.com/messaging/webhooks',
    },
  },
  {
    kind: 'discord-webhook',
    doc: 'Discord webhook URLs: the token after the webhook id',
    hints: ['/api/webhooks/'],
    re: /discord(?:app)?\.com\/api\/webhooks\/\d{5,30}\/(?<secret>[A-Za-z0-9_-]{20,200})/dg,
    examples: {
      leak: 'POST https://discord.com/api/webhooks/123456789012345678/AbCdEf-123_456GhIjKlMnOpQrStUv failed',
      keep: 'error: https://discord.com/developers/docs',
    },
  },
  {
    kind: 'teams-webhook',
    doc: 'Microsoft Teams incoming webhook URLs: the id and key after `/IncomingWebhook/`',
    hints: ['/incomingwebhook/'],
    re: /\/IncomingWebhook\/(?<secret>[A-Za-z0-9]{32}\/[0-9a-fA-F-]{36})/dg,
    examples: {
      leak: 'POST https://acme.webhook.office.com/webhookb2/x@y/IncomingWebhook/0123456789abcdef0123456789abcdef/01234567-89ab-cdef-0123-456789abcdef failed',
      keep: 'error: see the IncomingWebhook connector docs',
    },
  },
  {
    kind: 'npm-token',
    doc: 'npm access tokens (npm_)',
    hints: ['npm_'],
    re: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36,255}/dg,
    examples: { leak: 'npm ERR! token npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 invalid', keep: 'npm ERR! npm_config_cache not writable' },
  },
  {
    kind: 'pypi-token',
    doc: 'PyPI and TestPyPI upload tokens (macaroons: `pypi-AgE...`)',
    hints: ['pypi-age'],
    re: /(?<![A-Za-z0-9_-])pypi-AgE[A-Za-z0-9_-]{40,4096}/dg,
    examples: {
      leak: 'twine upload -p pypi-AgEIbG9ncy5leGFtcGxlCJGFiY2RlZi0xMjM0LTU2NzgtOTBhYi1jZGVmMTIzNDU2 failed',
      keep: 'error: pypi-simple index unavailable',
    },
  },
  {
    kind: 'stripe-key',
    doc: 'Stripe secret (sk_) and restricted (rk_) keys, live and test, and webhook signing secrets',
    hints: ['k_live_', 'k_test_', 'whsec_'],
    re: /(?<![A-Za-z0-9_])(?:[sr]k_(?:live|test)_[A-Za-z0-9]{20,247}|whsec_[A-Za-z0-9]{24,128})/dg,
    examples: { leak: 'Invalid API Key provided: sk_live_4eC39HqLyjWDarjtT1zdp7dc', keep: 'error: pk_live_ keys are publishable' },
  },
  {
    kind: 'google-api-key',
    doc: 'Google API keys (AIza + 35)',
    hints: ['aiza'],
    re: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/dg,
    examples: { leak: 'geocode failed key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY: REQUEST_DENIED', keep: 'error: AIzawarning is not a key' },
  },
  {
    kind: 'google-oauth',
    doc: 'Google OAuth access tokens (ya29.) and refresh tokens (1//0)',
    hints: ['ya29.', '1//0'],
    re: /(?<![A-Za-z0-9_./-])(?:ya29\.[A-Za-z0-9_-]{20,4096}|1\/\/0[A-Za-z0-9_-]{30,1024})/dg,
    examples: { leak: 'access token ya29.a0AfH6SMBx3mQ7_kLr9vT2wYz8Xc expired', keep: 'error: see ya29.example in the docs' },
  },
  {
    kind: 'vault-token',
    doc: 'HashiCorp Vault service (hvs.), batch (hvb.) and recovery (hvr.) tokens',
    hints: ['hvs.', 'hvb.', 'hvr.'],
    re: /(?<![A-Za-z0-9_.-])hv[sbr]\.[A-Za-z0-9_-]{20,4096}/dg,
    examples: { leak: 'X-Vault-Token hvs.CAESIJ3k9Xq7mLp2RtY8wZ5vN1 403', keep: 'error: hvs.example' },
  },
  {
    kind: 'sendgrid-key',
    doc: 'SendGrid API keys (SG.<22>.<43>)',
    hints: ['sg.'],
    re: /(?<![A-Za-z0-9_.-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/dg,
    examples: { leak: 'smtp auth failed with 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', keep: 'error: SG.example-key' },
  },
  {
    kind: 'openai-key',
    doc: 'OpenAI (sk-proj-, sk-svcacct-, sk-...T3BlbkFJ...) and Anthropic (sk-ant-api03-) API keys',
    hints: ['sk-'],
    re: /(?<![A-Za-z0-9_-])sk-(?:ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,255}|(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,255}|[A-Za-z0-9]{20,64}T3BlbkFJ[A-Za-z0-9]{20,64})/dg,
    examples: { leak: 'Incorrect API key provided: sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn', keep: 'error: sk-learn model failed to load' },
  },
  {
    kind: 'provider-token',
    doc: 'tokens with a documented prefix: Shopify, Linear, DigitalOcean, Docker Hub, Heroku, Atlassian, Grafana, Hugging Face, Postman, Databricks, New Relic, 1Password, age, Mailgun, Terraform Cloud',
    hints: [
      'shp',
      'lin_api_',
      '_v1_',
      'dckr_pat_',
      'hrku-',
      'atatt3',
      'glsa_',
      'glc_',
      'hf_',
      'pmak-',
      'dapi',
      'nrak-',
      'ops_',
      'age-secret-key-1',
      'key-',
      '.atlasv1.',
    ],
    re: /(?<![A-Za-z0-9_-])(?:shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|lin_api_[A-Za-z0-9]{40}|do[opr]_v1_[a-f0-9]{64}|dckr_pat_[A-Za-z0-9_-]{27,64}|HRKU-[A-Za-z0-9_-]{36,128}|ATATT3[A-Za-z0-9_=-]{100,512}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2}|hf_[A-Za-z0-9]{34,40}|PMAK-[a-f0-9]{24}-[a-f0-9]{34}|dapi[a-f0-9]{32}(?:-\d)?|NRAK-[A-Z0-9]{27}|ops_[A-Za-z0-9_-]{40,4096}|AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}|key-[a-f0-9]{32}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,128})(?![A-Za-z0-9_-])/dg,
    examples: {
      leak: 'doctl auth init -t dop_v1_8f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e failed',
      keep: 'error: hf_hub_download failed',
    },
  },
  {
    kind: 'telegram-bot-token',
    doc: 'Telegram bot tokens (bot id, `:AA`, 33)',
    hints: [':aa'],
    re: /(?<![A-Za-z0-9_:-])\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/dg,
    examples: { leak: 'telegram bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0 unauthorized', keep: 'E1122 10:14:03.120044 1 x.go:88] AA' },
  },
  {
    kind: 'kubeadm-token',
    doc: 'kubeadm bootstrap tokens (`[a-z0-9]{6}.[a-z0-9]{16}`, with a digit) in a line that says `token` (`--token`, `bootstrap token`, `token:`)',
    hints: ['token'],
    re: /(?<![A-Za-z0-9_.-])[a-z0-9]{6}\.[a-z0-9]{16}(?![A-Za-z0-9_.-])/dg,
    accept: (s) => /\d/.test(s),
    examples: {
      leak: 'kubeadm join 10.0.0.10:6443 --token abcdef.0123456789abcdef failed',
      keep: 'error: token for host abcdef.0123456789abcdef.example expired',
    },
  },
  {
    kind: 'basic-auth',
    doc: '`Basic <base64 of user:password>` outside an Authorization header (the header rule takes any scheme)',
    hints: ['basic'],
    re: /(?<![A-Za-z])[Bb]asic[ \t]{1,16}(?<secret>[A-Za-z0-9+/]{6,4096}={0,2})/dg,
    accept: (s) => base64Text(s)?.includes(':') === true,
    examples: { leak: 'registry login failed using Basic amVua2luczpodW50ZXIy', keep: 'Basic authentication failed for user ci-bot' },
  },
  {
    kind: 'bearer',
    doc: '`Bearer <token>` outside an Authorization header',
    hints: ['bearer'],
    re: /(?<![A-Za-z])[Bb]earer[ \t]{1,16}(?<secret>[A-Za-z0-9._~+/-]{8,4096}={0,2})/dg,
    accept: looksTokenish,
    examples: { leak: 'request with Bearer 8f3eA9c0b1d2e3f4 denied', keep: 'error: Bearer authentication required' },
  },
  {
    kind: 'password-flag',
    doc: 'a password glued to `-p` (mysql, mysqldump, mariadb, mysqladmin)',
    hints: ['mysql', 'mariadb'],
    re: /(?<![\w-])(?:mysql|mysqldump|mariadb|mysqladmin)\b[^\n|;&]{0,256}?[ \t]-p(?<secret>[^\s"'|;&]{1,256})/dg,
    examples: { leak: '+ mysql -h db -u root -pS3cr3t! -e "select 1"', keep: 'mysql -h db -u root -p -e "select 1": prompt' },
  },
  {
    kind: 'password-flag',
    doc: 'the password after `-p`/`-a` of `... login`, `sshpass`, `redis-cli`, `twine upload`',
    hints: ['login', 'sshpass', 'redis-cli', 'twine'],
    re: /(?<![\w-])(?:login|sshpass|redis-cli|twine)\b[^\n|;&]{0,256}?[ \t]-[pa][ \t]{1,16}(?<secret>[^\s"'|;&]{1,256})/dg,
    accept: (s) => !s.startsWith('-'),
    examples: { leak: 'docker login -u ci -p Pa55word! registry.example failed', keep: 'docker login -u ci --password-stdin registry.example' },
  },
  {
    kind: 'password-flag',
    doc: 'a password given as a plain argument: redis `AUTH <password>` (`AUTH <user> <password>`: the next rule), SMTP `AUTH PLAIN <base64>`, `.netrc` `machine <host> login <user> password <password>`, `rabbitmqctl add_user|change_password <user> <password>`, `htpasswd -b <file> <user> <password>`',
    hints: ['auth', 'machine', 'rabbitmqctl', 'htpasswd'],
    re: /(?<![\w-])(?:AUTH[ \t]{1,16}(?:(?:PLAIN|LOGIN|XOAUTH2)[ \t]{1,16})?|machine[ \t]{1,16}[^\s"'|;&]{1,256}[ \t]{1,16}login[ \t]{1,16}[^\s"'|;&]{1,128}[ \t]{1,16}password[ \t]{1,16}|rabbitmqctl[ \t]{1,16}(?:add_user|change_password)[ \t]{1,16}[^\s"'|;&]{1,128}[ \t]{1,16}|htpasswd[ \t]{1,16}-[a-zA-Z]{0,8}b[a-zA-Z]{0,8}[ \t]{1,16}[^\s"'|;&]{1,256}[ \t]{1,16}[^\s"'|;&]{1,128}[ \t]{1,16})(?<secret>[^\s"'|;&]{1,256})/dg,
    accept: looksTokenish,
    examples: { leak: 'ERROR: redis: AUTH s3cr3tR3dis failed: WRONGPASS', keep: 'ERROR: AUTH failed: invalid password' },
  },
  {
    kind: 'password-flag',
    doc: 'the password of redis 6 ACL `AUTH <user> <password>` (the rule above takes a one-word `AUTH <password>`)',
    hints: ['auth'],
    re: /(?<![\w-])AUTH[ \t]{1,16}[A-Za-z0-9_.@-]{1,64}[ \t]{1,16}(?<secret>[^\s"'|;&]{1,256})/dg,
    accept: looksTokenish,
    examples: { leak: 'redis: ERR while sending AUTH default s3cretPass!9 to cache-0: WRONGPASS', keep: 'ERROR: AUTH failed: invalid password' },
  },
  {
    kind: 'password-flag',
    doc: 'the password of `user:password` after `-u`/`--user`/`-U`/`--proxy-user` of curl and wget',
    hints: ['curl', 'wget'],
    re: /(?<![\w-])(?:curl|wget)\b[^\n|;&]{0,256}?[ \t](?:-u|--user|-U|--proxy-user)(?:=|[ \t]{1,16})["']?[^\s:"']{1,128}:(?<secret>[^\s"'|;&]{1,256})/dg,
    examples: { leak: 'curl -fsS -u admin:Xy7Pq!abc12 https://nexus.example failed', keep: 'docker run -u 1000:1000 busybox failed' },
  },
];

/** The decoded opening of base64 text (a few dozen bytes), for a look at what it holds. */
function atobPrefix(s: string): string {
  const head = s.slice(0, 64);
  try {
    return atob(head.slice(0, head.length - (head.length % 4)));
  } catch {
    return '';
  }
}
