// How the built-in rules relate to the Spectral OWASP ruleset (@stoplight/spectral-owasp-ruleset 2.0, 32 rules).
// Each of our rules names the Spectral rules it replaces in `meta.supersedes`; this file lists Spectral's catalogue and
// every place where we deliberately answer differently on Spectral's own test cases (fixtures/spectral-owasp-cases/).
// The rule docs (docs/rules.md) and the parity test (test/spectral-parity.test.ts) both read it.

export interface SpectralRule {
  id: string;
  severity: 'error' | 'warn' | 'info';
  /** What the Spectral rule checks, in a few words. */
  checks: string;
  /** Document formats it runs on (Spectral's own restriction, or the selector's). */
  formats: string;
}

export const SPECTRAL_RULES: SpectralRule[] = [
  { id: 'owasp:api1:2023-no-numeric-ids', severity: 'error', checks: 'parameters named `id`/`*_id`/`*Id` are not integers', formats: '2.0, 3.x' },
  { id: 'owasp:api2:2023-no-http-basic', severity: 'error', checks: 'no http `basic` scheme', formats: '3.x only (selects `components.securitySchemes`)' },
  { id: 'owasp:api2:2023-no-api-keys-in-url', severity: 'error', checks: 'apiKey schemes not in query or path', formats: '3.x' },
  { id: 'owasp:api2:2023-no-credentials-in-url', severity: 'error', checks: 'query/path parameters not named like secrets', formats: '3.x' },
  { id: 'owasp:api2:2023-auth-insecure-schemes', severity: 'error', checks: 'no http `negotiate` or `oauth` scheme', formats: '3.x' },
  { id: 'owasp:api2:2023-jwt-best-practices', severity: 'error', checks: 'oauth2 and JWT bearer schemes mention RFC 8725', formats: '3.x only (selects `components.securitySchemes`)' },
  { id: 'owasp:api2:2023-short-lived-access-tokens', severity: 'error', checks: 'oauth2 flows other than client credentials have a `refreshUrl`', formats: '3.x only (selects `components.securitySchemes`)' },
  { id: 'owasp:api2:2023-write-restricted', severity: 'error', checks: 'write operations have a non-empty security requirement', formats: '2.0, 3.x' },
  { id: 'owasp:api2:2023-read-restricted', severity: 'warn', checks: 'read operations have security', formats: '2.0, 3.x' },
  { id: 'owasp:api3:2023-no-additionalProperties', severity: 'warn', checks: '`additionalProperties`, when present, is false', formats: '3.0' },
  { id: 'owasp:api3:2023-constrained-additionalProperties', severity: 'warn', checks: 'object-valued `additionalProperties` has `maxProperties`', formats: '3.0' },
  { id: 'owasp:api3:2023-no-unevaluatedProperties', severity: 'warn', checks: '`unevaluatedProperties`, when present, is false', formats: '3.1' },
  { id: 'owasp:api3:2023-constrained-unevaluatedProperties', severity: 'warn', checks: 'object-valued `unevaluatedProperties` has `maxProperties`', formats: '3.1' },
  { id: 'owasp:api4:2023-rate-limit', severity: 'error', checks: 'every 2XX/4XX response declares rate-limit headers', formats: '3.x' },
  { id: 'owasp:api4:2023-rate-limit-retry-after', severity: 'error', checks: '429 responses declare `Retry-After`', formats: '3.x' },
  { id: 'owasp:api4:2023-rate-limit-responses-429', severity: 'warn', checks: 'every operation declares a 429 response with content', formats: '2.0, 3.x' },
  { id: 'owasp:api4:2023-array-limit', severity: 'error', checks: 'every array has `maxItems`', formats: '2.0, 3.x' },
  { id: 'owasp:api4:2023-string-limit', severity: 'error', checks: 'every string has `maxLength`, `enum` or `const`', formats: '2.0, 3.x' },
  { id: 'owasp:api4:2023-string-restricted', severity: 'warn', checks: 'every string has `format`, `pattern`, `enum` or `const`', formats: '2.0, 3.x' },
  { id: 'owasp:api4:2023-integer-limit', severity: 'error', checks: 'integers have a minimum and a maximum (exclusive or not, not both)', formats: '3.1' },
  { id: 'owasp:api4:2023-integer-limit-legacy', severity: 'error', checks: 'integers have `minimum` and `maximum`', formats: '2.0, 3.0' },
  { id: 'owasp:api4:2023-integer-format', severity: 'error', checks: 'integers have a `format`', formats: '2.0, 3.x' },
  { id: 'owasp:api5:2023-admin-security-unique', severity: 'error', checks: '`/admin` operations do not share a security requirement with others', formats: '2.0, 3.x' },
  { id: 'owasp:api7:2023-concerning-url-parameter', severity: 'info', checks: 'parameters named `callback*`, `redirect*`, `*Url` are flagged for review', formats: '2.0, 3.x' },
  { id: 'owasp:api8:2023-define-cors-origin', severity: 'error', checks: 'every response `headers` object has `Access-Control-Allow-Origin`', formats: '2.0, 3.x' },
  { id: 'owasp:api8:2023-no-scheme-http', severity: 'error', checks: '`schemes` only https/wss', formats: '2.0' },
  { id: 'owasp:api8:2023-no-server-http', severity: 'error', checks: 'server URLs do not start with `http:`', formats: '3.x' },
  { id: 'owasp:api8:2023-define-error-validation', severity: 'warn', checks: 'responses include 400, 422 or 4XX', formats: '2.0, 3.x' },
  { id: 'owasp:api8:2023-define-error-responses-401', severity: 'warn', checks: 'responses include 401 with content', formats: '2.0, 3.x' },
  { id: 'owasp:api8:2023-define-error-responses-500', severity: 'warn', checks: 'responses include 500 with content', formats: '2.0, 3.x' },
  { id: 'owasp:api9:2023-inventory-access', severity: 'error', checks: 'every server declares `x-internal`', formats: '3.x' },
  { id: 'owasp:api9:2023-inventory-environment', severity: 'error', checks: 'every server description names an environment', formats: '3.x' },
];

/**
 * Rules of ours that answer several Spectral rules, one aspect each: which of their findings answer which Spectral
 * rule (matched on the message).
 */
export const SPECTRAL_ASPECTS: Record<string, RegExp> = {
  'owasp:api8:2023-define-error-validation': /4xx response/,
  'owasp:api8:2023-define-error-responses-401': /401 response/,
  'owasp:api8:2023-define-error-responses-500': /5xx or default/,
};

export interface SpectralDifference {
  rule: string;
  /** `caseIndex` values in fixtures/spectral-owasp-cases/cases.json. */
  cases: number[];
  /** Spectral reports and we do not (`fewer`), or the other way round (`more`). */
  we: 'fewer' | 'more';
  why: string;
}

/** Spectral's own test cases where we answer differently on purpose. The parity test fails if this list is not exact. */
export const SPECTRAL_DIFFERENCES: SpectralDifference[] = [
  {
    rule: 'owasp:api4:2023-integer-format',
    cases: [0, 1, 2],
    we: 'more',
    why: 'A `format` (`int32`, `int64`) is not a range: these integers have no `minimum`/`maximum`, which Spectral\'s own integer-limit rules report too. `api4-unbounded-integer` asks for the range, not for a format.',
  },
  {
    rule: 'owasp:api4:2023-integer-limit',
    cases: [8],
    we: 'fewer',
    why: 'An integer with both `minimum` and `exclusiveMinimum` (and an `exclusiveMaximum`) is bounded; stating a lower bound twice is redundant, not a resource-consumption risk.',
  },
  {
    rule: 'owasp:api4:2023-string-restricted',
    cases: [1, 3, 5],
    we: 'more',
    why: 'A `pattern` that does not bound the length (`/^foo/` matches arbitrarily long strings) leaves the string unbounded; Spectral\'s string-limit reports the same documents. Conversely a bounded string (`maxLength`) needs no pattern or format from us.',
  },
  {
    rule: 'owasp:api4:2023-rate-limit-responses-429',
    cases: [2],
    we: 'fewer',
    why: 'A declared 429 status tells clients the API is rate-limited even without a body; what clients need with it is `Retry-After`, checked by `api4-429-no-retry-after`.',
  },
  {
    rule: 'owasp:api8:2023-define-error-responses-401',
    cases: [1, 2],
    we: 'fewer',
    why: 'The operation in these cases requires no credential, so it cannot answer 401; we ask for 401 on operations that require one. A declared 401 without a body (case 2) documents the error well enough.',
  },
  {
    rule: 'owasp:api8:2023-define-error-validation',
    cases: [4],
    we: 'fewer',
    why: 'The operation takes no input (no parameters, no body), so there is nothing to reject as invalid; we ask for a 4xx response on operations that take input, and accept any 4xx status, `4XX` or `default`.',
  },
  {
    rule: 'owasp:api8:2023-define-error-responses-500',
    cases: [2],
    we: 'fewer',
    why: 'A declared 500 status documents the error; demanding a body for it adds nothing (and verbose bodies are the risk, checked by `api8-verbose-error-schema`).',
  },
  {
    rule: 'owasp:api9:2023-inventory-access',
    cases: [1],
    we: 'fewer',
    why: 'A document with a single server describes one environment, the API itself; `x-internal` and environment names only tell servers apart when there are several.',
  },
  {
    rule: 'owasp:api9:2023-inventory-environment',
    cases: [0],
    we: 'more',
    why: 'Naming the environment is not enough: the document publishes staging, pre-production and test servers, which is the inventory problem `api9-non-production-server` reports.',
  },
];

/** Behaviour that differs from Spectral beyond its test cases, for the docs. */
export const SPECTRAL_GENERAL_DIFFERENCES: string[] = [
  'Direction: schema bounds (strings, integers, arrays) and mass-assignment checks judge request input only — parameters and request bodies. Response-only schemas are the server\'s own output (Spectral #46). Strings in path, query, header and cookie parameters are bounded by HTTP URL and header limits and are not reported.',
  'Composition: `allOf` is composed before judging, so a bound in one part applies to the whole (trolie/spec#27); `oneOf`/`anyOf` branches are judged as alternatives; keywords beside a `$ref` (OpenAPI 3.1) apply too.',
  'Bounded values: `enum`, `const`, bounded formats (`date`, `date-time`, `uuid`, `email`, `ipv4`, …) and anchored fixed-length patterns count as bounded (Spectral #28, #30, #41).',
  'Once per definition: a schema problem is reported once, where the schema is defined, listing the operations that use it; rate limits, CORS and error responses are reported once per document — Spectral reports them on every response.',
  'Unused definitions: schemes and schemas that no operation uses are not judged, except in a document without operations (a shared library), where all of them are.',
  'Swagger 2.0: every rule runs on 2.0 as well, including the three Spectral rules that select `components.securitySchemes` and so never see `securityDefinitions` (no-http-basic, jwt-best-practices, short-lived-access-tokens).',
  'Suppression: `x-api-maturity-ignore` on the reported node or any node above it, with a reason; suppressed findings stay in the JSON report.',
];
