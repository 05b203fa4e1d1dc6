import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Ajv, ErrorObject } from 'ajv';
import { ajvLib } from '../lazy.js';
import { InputError } from '../load/errors.js';
import { parseText, splitPointer } from '../load/parse.js';
import { readText } from '../load/text.js';
import { CONFIG_SCHEMA } from './schema.js';
import type { Config } from './types.js';

export const CONFIG_NAMES = ['.api-maturity.yaml', '.api-maturity.yml'];

/** The nearest `.api-maturity.yaml` from `cwd` upward, if any. */
export function discoverConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const n of CONFIG_NAMES) {
      const p = path.join(dir, n);
      if (existsSync(p)) return p;
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

let validator: ReturnType<Ajv['compile']> | undefined;

function describe(e: ErrorObject): string {
  const key = splitPointer(e.instancePath).join('.') || '(top level)';
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key '${[key === '(top level)' ? '' : key, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.')}'`;
    case 'enum':
      return `'${key}' must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
    case 'required':
      return `'${key}' needs '${(e.params as { missingProperty: string }).missingProperty}'`;
    default:
      return `'${key}' ${e.message ?? 'is invalid'}`;
  }
}

/** Reads and validates a configuration file. Errors name the file, the key and its line. */
export function loadConfig(file: string, cwd: string): Config {
  const abs = path.resolve(cwd, file);
  const display = path.relative(cwd, abs) || path.basename(abs);
  const tf = readText(abs, display, 1024 * 1024);
  if ('reason' in tf) throw new InputError(display, tf.reason);
  const pf = parseText(tf);
  const doc = pf.docs[0] ?? {};
  validator ??= new (ajvLib().Ajv)({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);
  if (!validator(doc)) {
    // The most specific error first: the deepest path, then schema order.
    const errs = [...(validator.errors ?? [])].filter((e) => e.keyword !== 'anyOf').sort((a, b) => b.instancePath.length - a.instancePath.length);
    const e = errs[0] ?? validator.errors![0]!;
    const ptr = e.keyword === 'additionalProperties' ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}` : e.instancePath;
    const pos = pf.locate(ptr);
    throw new InputError(display, `invalid configuration: ${describe(e)}`, pos?.line, pos?.column);
  }
  return { ...(doc as Config), file: display, dir: path.dirname(abs) };
}
