/**
 * Input-derived text for a terminal or a CI log: control characters are shown, not obeyed — ANSI/OSC escapes, carriage
 * returns, and line breaks too (a name with a newline could otherwise start a line of its own, such as a GitHub Actions
 * `::workflow-command::`), as well as Unicode line separators and bidirectional overrides (Trojan Source).
 */
export function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Characters no report carries raw, whatever its format: C0 controls other than tab and line feed (carriage return
 * included), DEL, C1 controls (U+009B is a CSI), line and paragraph separators, bidirectional controls.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Input-derived text for markup (HTML, XML, Markdown): those characters shown as `\uXXXX`, line breaks kept. */
export function showInvisible(s: string): string {
  return s.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A copy of a report (or any JSON value) whose strings hold no line breaks: text that came from an input cannot start
 * a line of its own in a format a CI log may print (a GitHub Actions `::workflow-command::` line, a spoofed log line).
 */
export function singleLineStrings<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' && /[\r\n\u2028\u2029]/.test(v) ? v.replace(/\s*(?:\r\n|[\r\n\u2028\u2029])\s*/g, ' ') : v)) as T;
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
