// What a response body carries that it should not: payment card numbers (Luhn-checked), national identifiers, IBANs
// (mod-97-checked), e-mail addresses, tokens and secrets, stack traces, SQL errors and debug pages. Only a bounded
// prefix of a sample of bodies is scanned; what is found is kept as a redacted sample.

import type { ResponseSignal } from '../../model/types.js';
import { redact } from './redact.js';

export type SignalKind = ResponseSignal['kind'];

export interface Found {
  kind: SignalKind;
  /** Redacted value, or the name of what was recognised. */
  sample: string;
}

/** Bytes of each body that are scanned. */
export const SCAN_BYTES = 64 * 1024;

function luhn(d: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let n = d.charCodeAt(i) - 48;
    if (dbl) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes and lengths of the card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro). */
function cardNetwork(d: string): boolean {
  const len = d.length;
  if (/^4/.test(d)) return len === 13 || len === 16 || len === 19;
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(d)) return len === 16;
  if (/^3[47]/.test(d)) return len === 15;
  if (/^(6011|65|64[4-9])/.test(d)) return len >= 16 && len <= 19;
  if (/^35(2[89]|[3-8])/.test(d)) return len >= 16 && len <= 19;
  if (/^3(0[0-5]|[689])/.test(d)) return len >= 14 && len <= 19;
  if (/^62/.test(d)) return len >= 16 && len <= 19;
  return false;
}

const CARD = /(?<![\d.\-])\d(?:[ -]?\d){12,18}(?![\d.])/g;

const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, GR: 27,
  HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25,
  RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26, BR: 29, SA: 24, AE: 23, IL: 23,
};
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;

function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '');
  const len = IBAN_LENGTHS[s.slice(0, 2)];
  if (len === undefined || s.length !== len) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const c of v) rem = (rem * 10 + (c.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

const SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g;
const NINO = /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g;
const DNI = /\b(\d{8})-?([A-HJ-NP-TV-Z])\b/g;
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
const ID_KEYS = /"(?:ssn|social_?security_?(?:number|no)?|national_?id(?:_?number)?|tax_?id|taxpayer_?id|passport_?(?:number|no)?|nino|national_?insurance_?number|dni|nie|personnummer|bsn|cpf|aadhaar)"\s*:\s*"([^"\\]{4,40})"/gi;

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b/g;

const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
const SECRET_PATTERNS: [RegExp, string][] = [
  [/-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/g, 'private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, 'AWS access key id'],
  [/\b[sr]k_live_[0-9A-Za-z]{16,}\b/g, 'Stripe live secret key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/g, 'GitHub token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, 'Slack token'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, 'Google API key'],
];
const SECRET_KEYS = /"(password|passwd|pwd|pass_?hash|password_?hash|secret|client_?secret|api_?key|apikey|private_?key|secret_?key|access_?key_?secret)"\s*:\s*"([^"\\]{4,})"/gi;
const TOKEN_KEYS = /"(access_?token|refresh_?token|id_?token|session_?token|auth_?token)"\s*:\s*"([^"\\]{8,})"/gi;

const NL = '(?:\\n|\\\\n|\\r\\n)';
const ERROR_PATTERNS: [RegExp, SignalKind, string][] = [
  [new RegExp(`${NL}\\s*at [\\w$.<>]+\\([\\w$]+\\.(?:java|kt|scala|groovy):\\d+\\)`), 'stack-trace', 'Java stack trace'],
  [/Exception in thread "/, 'stack-trace', 'Java stack trace'],
  [/ at [\w.`<>[\]]+\(.*?\) in .{1,200}?:line \d+/, 'stack-trace', '.NET stack trace'],
  [/Traceback \(most recent call last\)/, 'stack-trace', 'Python traceback'],
  [new RegExp(`${NL}\\s+at (?:[\\w.<>$\\[\\] ]+ )?\\(?(?:/|[A-Za-z]:\\\\\\\\|node:|file://)[^)\\n"]*:\\d+:\\d+\\)?`), 'stack-trace', 'Node.js stack trace'],
  [/(?:Fatal error|Parse error|Warning|Notice): .{1,300}? in \S+\.php on line \d+/, 'stack-trace', 'PHP error'],
  [new RegExp(`Stack trace:${NL}#0 `), 'stack-trace', 'PHP stack trace'],
  [/\.rb:\d+:in `/, 'stack-trace', 'Ruby backtrace'],
  [/goroutine \d+ \[running\]/, 'stack-trace', 'Go panic'],
  [/SQLSTATE\[|\bORA-\d{5}\b|You have an error in your SQL syntax|\bPG::\w+Error\b|\bpsycopg2\.\w+|\bjava\.sql\.SQL\w*Exception|System\.Data\.SqlClient\.SqlException|sqlite3\.OperationalError|Unclosed quotation mark after the character string|syntax error at or near "/, 'sql-error', 'SQL error'],
  [/Whitelabel Error Page|<title>Action Controller: Exception caught|Django Version:|Werkzeug Debugger|<b>Warning<\/b>:.{1,200}?on line <b>\d+/, 'debug-output', 'framework debug page'],
];

/** Everything found in one body (each kind once, with its first sample). */
export function scanBody(text: string): Found[] {
  const t = text.length > SCAN_BYTES ? text.slice(0, SCAN_BYTES) : text;
  const out: Found[] = [];
  const seen = new Set<SignalKind>();
  const add = (kind: SignalKind, sample: string) => {
    if (seen.has(kind)) return;
    seen.add(kind);
    out.push({ kind, sample });
  };
  for (const m of t.matchAll(CARD)) {
    const d = m[0].replace(/[ -]/g, '');
    if (/^(\d)\1+$/.test(d) || !cardNetwork(d) || !luhn(d)) continue;
    add('card-number', redact(d));
    break;
  }
  for (const m of t.matchAll(IBAN)) {
    if (!ibanValid(m[0])) continue;
    add('iban', redact(m[0].replace(/ /g, '')));
    break;
  }
  const ssn = SSN.exec(t);
  SSN.lastIndex = 0;
  if (ssn) add('national-id', redact(ssn[0]));
  if (!seen.has('national-id')) {
    const nino = NINO.exec(t);
    NINO.lastIndex = 0;
    if (nino) add('national-id', redact(nino[0].replace(/ /g, '')));
  }
  if (!seen.has('national-id') && /\d{8}-?[A-Z]/.test(t)) {
    for (const m of t.matchAll(DNI)) {
      if (DNI_LETTERS[Number(m[1]) % 23] !== m[2]) continue;
      add('national-id', redact(m[0]));
      break;
    }
  }
  if (!seen.has('national-id')) {
    const k = ID_KEYS.exec(t);
    ID_KEYS.lastIndex = 0;
    if (k) add('national-id', redact(k[1]!));
  }
  // The expensive patterns only run where their anchor character occurs.
  const at = t.indexOf('@');
  if (at >= 0) {
    EMAIL.lastIndex = 0;
    const from = Math.max(0, at - 64);
    const email = EMAIL.exec(t.slice(from));
    if (email) add('email', redact(email[0]));
    else {
      const rest = EMAIL.exec(t);
      if (rest) add('email', redact(rest[0]));
    }
    EMAIL.lastIndex = 0;
  }
  if (t.includes('eyJ')) {
    const jwt = JWT.exec(t);
    JWT.lastIndex = 0;
    if (jwt) add('token', redact(jwt[0]));
  }
  if (!seen.has('token') && /token"/i.test(t)) {
    const k = TOKEN_KEYS.exec(t);
    TOKEN_KEYS.lastIndex = 0;
    if (k) add('token', redact(k[2]!));
  }
  for (const [re, name] of SECRET_PATTERNS) {
    const m = re.exec(t);
    re.lastIndex = 0;
    if (m) {
      add('secret', `${name} ${redact(m[0])}`);
      break;
    }
  }
  if (!seen.has('secret')) {
    const k = SECRET_KEYS.exec(t);
    SECRET_KEYS.lastIndex = 0;
    if (k) add('secret', `"${k[1]}" ${redact(k[2]!)}`);
  }
  for (const [re, kind, name] of ERROR_PATTERNS) {
    if (!seen.has(kind) && re.test(t)) add(kind, name);
  }
  return out;
}

const TEXTUAL = /^(application\/([\w.+-]*\+)?(json|xml|problem\+json|x-www-form-urlencoded|graphql-response\+json|hal\+json|vnd\.api\+json|x-ndjson)|text\/(plain|html|xml|csv))\b/i;

/** Whether a body of this media type is worth scanning (structured data and error pages, not media or code). */
export function scannable(mimeType: string | undefined): boolean {
  if (!mimeType) return true;
  return TEXTUAL.test(mimeType.trim());
}
