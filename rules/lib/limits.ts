// What a description says about rate limiting and anti-automation.
import type { Api, Operation } from '../../src/model/types.js';
import { squash } from './names.js';

const RATE_HEADER = /^(x-)?(rate-?limit|ratelimit)(-|$)|^retry-after$|^x-rate-limit/i;
const RATE_EXT = /rate.?limit|throttl|quota|x-ratelimit|usage-plan/i;

/** A response header that announces a rate limit (`RateLimit`, `RateLimit-Limit`, `X-RateLimit-Limit`, `Retry-After`, …). */
export function isRateLimitHeader(name: string): boolean {
  return RATE_HEADER.test(name);
}

function extensionSays(ext: Record<string, unknown> | undefined): boolean {
  return Object.keys(ext ?? {}).some((k) => RATE_EXT.test(k));
}

/** The operation declares a 429 response, rate-limit headers, or a rate-limit / throttling extension. */
export function opDeclaresRateLimit(op: Operation): boolean {
  if (extensionSays(op.extensions)) return true;
  return op.responses.some((r) => r.status === '429' || r.headers.some((h) => isRateLimitHeader(h.name)));
}

/** The document as a whole declares rate limiting (a root extension, or some operation declares it). */
export function apiDeclaresRateLimit(api: Api): boolean {
  return extensionSays(api.extensions) || api.operations.some(opDeclaresRateLimit);
}

const ANTI_AUTOMATION = /captcha|recaptcha|hcaptcha|turnstile|proofofwork|pow|botdetect|attestation|devicecheck|integritytoken|appcheck/;

/** The operation takes a CAPTCHA, proof-of-work or device-attestation value (parameter name or header). */
export function opHasAntiAutomation(op: Operation, bodyNames: Iterable<string>): boolean {
  for (const p of op.parameters) if (ANTI_AUTOMATION.test(squash(p.name))) return true;
  for (const n of bodyNames) if (ANTI_AUTOMATION.test(squash(n))) return true;
  return Object.keys(op.extensions).some((k) => /captcha|anti-?automation|bot/i.test(k));
}
