/**
 * Input-derived text for a terminal or a CI log: control characters are shown, not obeyed — ANSI/OSC escapes, carriage
 * returns, and line breaks too (a name with a newline could otherwise start a line of its own, such as a GitHub Actions
 * `::workflow-command::`), as well as Unicode line separators and bidirectional overrides (Trojan Source).
 */
export function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

export function where(l: { file: string; line?: number; column?: number }): string {
  return `${l.file}${l.line !== undefined ? `:${l.line}${l.column !== undefined ? `:${l.column}` : ''}` : ''}`;
}
