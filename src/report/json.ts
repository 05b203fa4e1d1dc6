import type { Report } from './types.js';

/** The JSON report: two-space indentation, a final newline, keys in the order the builder wrote them. */
export function renderJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
