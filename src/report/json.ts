import type { Report } from './types.js';

/**
 * The JSON report: two-space indentation, a final newline, keys in the order the builder wrote them. Characters that a
 * terminal or an editor would act on rather than show (C1 controls such as CSI, line separators, bidirectional
 * overrides) are written as \u escapes: the same JSON value, safe to `cat`.
 */
export function renderJson(report: Report): string {
  return [...jsonChunks(report)].join('');
}

/**
 * The same bytes as `renderJson`, one top-level field or one API at a time: a report of thousands of APIs is written
 * without ever holding its whole text (which, with the copies that escaping and encoding make, took more memory than the
 * assessment itself).
 */
export function* jsonChunks(report: Report): Generator<string> {
  const fields = Object.entries(report).filter(([, v]) => v !== undefined && typeof v !== 'function');
  yield '{';
  for (let i = 0; i < fields.length; i++) {
    const [key, value] = fields[i]!;
    const head = `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length) {
      yield `${head}[`;
      for (let j = 0; j < value.length; j++) yield `${j ? ',' : ''}\n    ${nested(value[j], '    ')}`;
      yield '\n  ]';
    } else yield head + nested(value, '  ');
  }
  yield '\n}\n';
}

/**
 * `JSON.stringify(value, null, 2)` as it reads `indent` (two or four spaces) deep in a document: the value is stringified
 * inside a wrapper that puts it there, and cut out (one pass, where re-indenting every line would take a second).
 */
function nested(value: unknown, indent: '  ' | '    '): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  const [wrapped, head, tail] = indent === '    ' ? [{ k: [value] }, IN_ARRAY.head, IN_ARRAY.tail] : [{ k: value }, IN_OBJECT.head, IN_OBJECT.tail];
  const text = JSON.stringify(wrapped, null, 2);
  return escapeInvisibles(text.slice(head, text.length - tail));
}

/** Where the value starts and how much follows it, in the wrappers above. */
const IN_OBJECT = { head: '{\n  "k": '.length, tail: '\n}'.length };
const IN_ARRAY = { head: '{\n  "k": [\n    '.length, tail: '\n  ]\n}'.length };

const INVISIBLE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `JSON.stringify` escapes C0 controls only; this escapes the rest of what must not reach a terminal raw. */
export function escapeInvisibles(json: string): string {
  // Most reports are ASCII without DEL: checked natively, without a pass of the expression over every character.
  if (Buffer.byteLength(json) === json.length && !json.includes('\u007f')) return json;
  return json.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
