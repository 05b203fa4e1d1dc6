import type { Report } from './types.js';

/**
 * The JSON report: two-space indentation, a final newline, keys in the order the builder wrote them. Characters that a
 * terminal or an editor would act on rather than show (C1 controls such as CSI, line separators, bidirectional
 * overrides) are written as \u escapes: the same JSON value, safe to `cat`.
 */
export function renderJson(report: Report): string {
  return escapeInvisibles(JSON.stringify(report, null, 2)) + '\n';
}

/** `JSON.stringify` escapes C0 controls only; this escapes the rest of what must not reach a terminal raw. */
export function escapeInvisibles(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
