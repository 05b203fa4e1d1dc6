// Regular expressions built from untrusted text (gateway route regexes, .gitignore patterns) run on V8's linear-time
// engine: no input can make a match backtrack for hours. Patterns that engine cannot run (back-references,
// look-around) are refused rather than run on the backtracking engine.

import { setFlagsFromString } from 'node:v8';

let enabled = false;

/** A RegExp that matches in time linear in the subject, or null when the source is invalid or needs backtracking. */
export function linearRegExp(source: string, flags = ''): RegExp | null {
  try {
    return new RegExp(source, flags + 'l');
  } catch (e) {
    if (!enabled && /flag/i.test((e as Error).message)) {
      // The engine ships with V8 behind a flag; it only affects expressions created with the `l` flag.
      setFlagsFromString('--enable-experimental-regexp-engine');
      enabled = true;
      return linearRegExp(source, flags);
    }
    return null;
  }
}
