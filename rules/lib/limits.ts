// What the inputs say about rate limiting and anti-automation: the description (429 responses, rate-limit headers,
// extensions) and the typed controls a gateway or mesh configuration attaches to the operation.
import type { Api, ControlType, Operation } from '../../src/model/types.js';
import { squash } from './names.js';

/** A gateway or mesh control of this type that is configured, or decided where the inputs do not show. */
export function hasControl(op: Operation, type: ControlType): boolean {
  return op.evidence.some((e) => e.control?.type === type && e.control.state !== 'absent');
}

const RATE_HEADER = /^(x-)?(rate-?limit|ratelimit)(-|$)|^retry-after$|^x-rate-limit/i;
const RATE_EXT = /rate.?limit|throttl|quota|x-ratelimit|usage-plan/i;

/** A response header that announces a rate limit (`RateLimit`, `RateLimit-Limit`, `X-RateLimit-Limit`, `Retry-After`, …). */
export function isRateLimitHeader(name: string): boolean {
  return RATE_HEADER.test(name);
}

function extensionSays(ext: Record<string, unknown> | undefined): boolean {
  return Object.keys(ext ?? {}).some((k) => RATE_EXT.test(k));
}

/** The operation declares a 429 response, rate-limit headers, or a rate-limit / throttling extension, or a gateway limits it. */
export function opDeclaresRateLimit(op: Operation): boolean {
  if (extensionSays(op.extensions) || hasControl(op, 'rate-limit')) return true;
  return op.responses.some((r) => r.status === '429' || r.headers.some((h) => isRateLimitHeader(h.name)));
}

/** The document as a whole declares rate limiting (a root extension, or some operation declares it). */
export function apiDeclaresRateLimit(api: Api): boolean {
  return extensionSays(api.extensions) || api.operations.some(opDeclaresRateLimit);
}

const ANTI_AUTOMATION = /captcha|recaptcha|hcaptcha|turnstile|proofofwork|pow|botdetect|attestation|devicecheck|integritytoken|appcheck/;

/** The operation takes a CAPTCHA, proof-of-work or device-attestation value (parameter name or header), or a gateway screens bots. */
export function opHasAntiAutomation(op: Operation, bodyNames: Iterable<string>): boolean {
  for (const p of op.parameters) if (ANTI_AUTOMATION.test(squash(p.name))) return true;
  for (const n of bodyNames) if (ANTI_AUTOMATION.test(squash(n))) return true;
  if (hasControl(op, 'anti-automation')) return true;
  return Object.keys(op.extensions).some((k) => /captcha|anti-?automation|bot/i.test(k));
}
