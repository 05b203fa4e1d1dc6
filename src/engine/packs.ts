// Declarative rule packs: YAML files (validated by RULE_PACK_SCHEMA) that select items of the normalized model and
// apply one of a small set of built-in checks. Loaded from local paths inside the project only — never from URLs — and
// they never execute code.

import path from 'node:path';
import { realpathSync } from 'node:fs';
import type { Ajv } from 'ajv';
import { ajvLib } from '../lazy.js';
import { InputError, UsageError } from '../load/errors.js';
import { parseText } from '../load/parse.js';
import { readText } from '../load/text.js';
import type { Rule, RuleMeta } from '../model/rule.js';
import type { Api, Loc, Operation, Parameter, SecurityScheme, Server, Severity } from '../model/types.js';
import { acceptsAnonymous } from '../model/auth.js';
import { get, isObj } from '../model/util.js';
import { globRegex } from '../config/glob.js';
import { linearRegExp } from '../model/regex.js';

const SELECTORS = ['apis', 'operations', 'parameters', 'schemes', 'servers'] as const;
type Selector = (typeof SELECTORS)[number];
const FUNCTIONS = ['defined', 'absent', 'pattern', 'notPattern', 'enum', 'requiresAuth', 'requiresScope', 'hasResponse', 'notIn'] as const;
type CheckFn = (typeof FUNCTIONS)[number];

export const RULE_PACK_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://api-maturity.dev/schema/rule-pack-1.json',
  title: 'api-maturity declarative rule pack',
  type: 'object',
  required: ['pack', 'rules'],
  additionalProperties: false,
  properties: {
    pack: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    description: { type: 'string' },
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'title', 'severity', 'owasp', 'remediation', 'given', 'check', 'message'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
          title: { type: 'string', minLength: 1 },
          description: { type: 'string' },
          severity: { enum: ['info', 'low', 'medium', 'high', 'critical'] },
          owasp: { type: 'array', items: { type: 'string', pattern: '^API([1-9]|10):2023$' } },
          remediation: { type: 'string', minLength: 1 },
          given: { enum: [...SELECTORS] },
          where: {
            type: 'object',
            description: 'all must hold; a list means any of its values; strings in `path` and `name` are globs',
            additionalProperties: false,
            properties: {
              method: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
              path: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
              tag: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
              in: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
              name: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
              type: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
              public: { type: 'boolean' },
              deprecated: { type: 'boolean' },
            },
          },
          check: {
            type: 'object',
            required: ['function'],
            additionalProperties: false,
            properties: {
              function: { enum: [...FUNCTIONS] },
              field: { type: 'string', description: 'dotted field of the selected item, e.g. operationId, extensions.x-owner, description' },
              match: { type: 'string', description: 'regular expression (pattern, notPattern, requiresScope)' },
              values: { type: 'array', items: { type: ['string', 'number', 'boolean'] } },
              status: { type: 'string', description: 'response status for hasResponse, e.g. "429" or "4XX"' },
            },
          },
          message: { type: 'string', minLength: 1, description: '{name} placeholders: key, method, path, name, field, value, api' },
        },
      },
    },
  },
} as const;

interface PackRule {
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  owasp: string[];
  remediation: string;
  given: Selector;
  where?: Record<string, string | string[] | boolean>;
  check: { function: CheckFn; field?: string; match?: string; values?: (string | number | boolean)[]; status?: string };
  message: string;
}

interface Item {
  view: Record<string, unknown>;
  loc: Loc;
  op?: Operation;
}

function globRe(g: string): RegExp {
  return globRegex(g, true);
}

function list(v: string | string[] | boolean | undefined): string[] | undefined {
  return v === undefined || typeof v === 'boolean' ? undefined : Array.isArray(v) ? v : [v];
}

function field(view: Record<string, unknown>, dotted: string): unknown {
  let cur: unknown = view;
  for (const part of dotted.split('.')) cur = isObj(cur) ? get(cur, part) : undefined;
  return cur;
}

function items(api: Api, given: Selector): Item[] {
  const opView = (o: Operation) => ({
    key: o.key,
    method: o.method,
    path: o.path,
    operationId: o.operationId,
    summary: o.summary,
    description: o.description,
    tags: o.tags,
    deprecated: o.deprecated,
    public: o.public !== undefined,
    extensions: o.extensions,
    responses: o.responses.map((r) => r.status),
    scopes: [...new Set((o.security ?? []).flat().flatMap((u) => u.scopes))],
  });
  switch (given) {
    case 'apis':
      return [{ view: { key: api.name, name: api.name, id: api.id, version: api.version, extensions: api.extensions }, loc: api.loc }];
    case 'operations':
      return api.operations.map((o) => ({ view: opView(o), loc: o.loc, op: o }));
    case 'parameters':
      return api.operations.flatMap((o) =>
        o.parameters.map((p: Parameter) => ({ view: { ...opView(o), key: `${o.key} ${p.in}:${p.name}`, name: p.name, in: p.in, required: p.required, description: p.description }, loc: p.loc, op: o })),
      );
    case 'schemes':
      return api.securitySchemes.map((s: SecurityScheme) => ({ view: { key: s.name, name: s.name, type: s.type, in: s.in, scheme: s.httpScheme, description: s.description, extensions: s.extensions ?? {} }, loc: s.loc }));
    case 'servers':
      return api.servers.map((s: Server) => ({ view: { key: s.url, url: s.url, description: s.description, extensions: s.extensions ?? {} }, loc: s.loc }));
  }
}

function selected(it: Item, where: PackRule['where']): boolean {
  if (!where) return true;
  const v = it.view;
  const anyGlob = (vals: string[] | undefined, actual: unknown) => !vals || (typeof actual === 'string' && vals.some((g) => globRe(g).test(actual)));
  if (!anyGlob(list(where['method']), v['method'])) return false;
  if (!anyGlob(list(where['path']), v['path'])) return false;
  if (!anyGlob(list(where['in']), v['in'])) return false;
  if (!anyGlob(list(where['name']), v['name'])) return false;
  if (!anyGlob(list(where['type']), v['type'])) return false;
  const tags = list(where['tag']);
  if (tags && !(Array.isArray(v['tags']) && (v['tags'] as string[]).some((t) => tags.some((g) => globRe(g).test(t))))) return false;
  if (typeof where['public'] === 'boolean' && v['public'] !== where['public']) return false;
  if (typeof where['deprecated'] === 'boolean' && v['deprecated'] !== where['deprecated']) return false;
  return true;
}

/** Whether an item violates the check; returns the offending value for the message. */
function violates(it: Item, c: PackRule['check'], re: RegExp | undefined): { value: string } | undefined {
  const val = c.field ? field(it.view, c.field) : undefined;
  const show = (x: unknown) => (x === undefined ? '(absent)' : typeof x === 'string' ? x : JSON.stringify(x));
  const present = val !== undefined && val !== null && val !== '' && !(Array.isArray(val) && val.length === 0);
  switch (c.function) {
    case 'defined':
      return present ? undefined : { value: show(val) };
    case 'absent':
      return present ? { value: show(val) } : undefined;
    case 'pattern':
      return typeof val === 'string' && re!.test(val) ? undefined : { value: show(val) };
    case 'notPattern':
      return typeof val === 'string' && re!.test(val) ? { value: val } : undefined;
    case 'enum':
      return c.values!.includes(val as string) ? undefined : { value: show(val) };
    case 'notIn':
      return c.values!.includes(val as string) ? { value: show(val) } : undefined;
    case 'requiresAuth':
      return it.op && acceptsAnonymous(it.op) ? { value: 'anonymous' } : undefined;
    case 'requiresScope': {
      const scopes = (it.view['scopes'] as string[]) ?? [];
      return scopes.some((s) => re!.test(s)) ? undefined : { value: scopes.join(', ') || '(no scopes)' };
    }
    case 'hasResponse': {
      const st = c.status!.toUpperCase();
      const codes = (it.view['responses'] as string[]) ?? [];
      const ok = codes.some((s) => s.toUpperCase() === st || (st.endsWith('XX') && s[0] === st[0]));
      return ok ? undefined : { value: codes.join(', ') || '(none)' };
    }
  }
}

function compile(r: PackRule, packFile: string): Rule {
  const needsRe = r.check.function === 'pattern' || r.check.function === 'notPattern' || r.check.function === 'requiresScope';
  const needsField = ['defined', 'absent', 'pattern', 'notPattern', 'enum', 'notIn'].includes(r.check.function);
  if (needsRe && !r.check.match) throw new InputError(packFile, `rule ${r.id}: check.${r.check.function} needs 'match'`);
  if (needsField && !r.check.field) throw new InputError(packFile, `rule ${r.id}: check.${r.check.function} needs 'field'`);
  if ((r.check.function === 'enum' || r.check.function === 'notIn') && !r.check.values) throw new InputError(packFile, `rule ${r.id}: check.${r.check.function} needs 'values'`);
  if (r.check.function === 'hasResponse' && !r.check.status) throw new InputError(packFile, `rule ${r.id}: check.hasResponse needs 'status'`);
  let re: RegExp | undefined;
  if (r.check.match) {
    try {
      new RegExp(r.check.match);
    } catch {
      throw new InputError(packFile, `rule ${r.id}: check.match is not a valid regular expression`);
    }
    // A rule pack is configuration a pull request can change: its expressions run in linear time, or not at all.
    re = linearRegExp(r.check.match) ?? undefined;
    if (!re) throw new InputError(packFile, `rule ${r.id}: check.match uses back-references or look-around, which cannot run in linear time`);
  }
  const meta: RuleMeta = {
    id: r.id,
    title: r.title,
    description: r.description ?? r.title,
    severity: r.severity,
    owasp: r.owasp,
    remediation: r.remediation,
    tests: { fail: [], pass: [] },
  };
  return {
    meta,
    check({ api, report }) {
      for (const it of items(api, r.given)) {
        if (!selected(it, r.where)) continue;
        const v = violates(it, r.check, re);
        if (!v) continue;
        const vars: Record<string, string> = { ...Object.fromEntries(Object.entries(it.view).filter(([, x]) => typeof x === 'string') as [string, string][]), value: v.value, field: r.check.field ?? '', api: api.name };
        report({ message: r.message.replace(/\{(\w+)\}/g, (w, k: string) => vars[k] ?? w), loc: it.loc, ...(it.op ? { operations: [it.op.key] } : {}) });
      }
    },
  };
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Loads rule packs from local files (inside `root`, the project directory); rejects URLs and anything outside. */
export function loadRulePacks(files: string[], root: string): Rule[] {
  const out: Rule[] = [];
  const realRoot = realpathSync(root);
  for (const f of files) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(f)) throw new UsageError(`rule pack ${f}: packs are loaded from local files only, never from URLs`);
    const abs = path.resolve(root, f);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      throw new UsageError(`rule pack ${f}: no such file`);
    }
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new UsageError(`rule pack ${f}: outside the project directory; not read`);
    const display = path.relative(process.cwd(), abs) || abs;
    const tf = readText(abs, display, 4 * 1024 * 1024);
    if ('reason' in tf) throw new InputError(display, tf.reason);
    const pf = parseText(tf);
    validator ??= new (ajvLib().Ajv)({ allErrors: false, strict: false }).compile(RULE_PACK_SCHEMA);
    const doc = pf.docs[0];
    if (!validator(doc)) {
      const e = validator.errors![0]!;
      const pos = pf.locate(e.instancePath);
      throw new InputError(display, `invalid rule pack: ${e.instancePath || '(top level)'} ${e.message}`, pos?.line, pos?.column);
    }
    const rules = (doc as { rules: PackRule[] }).rules;
    for (const r of rules) out.push(compile(r, display));
  }
  const ids = new Set<string>();
  for (const r of out) {
    if (ids.has(r.meta.id)) throw new UsageError(`rule pack rule id '${r.meta.id}' is used twice`);
    ids.add(r.meta.id);
  }
  return out;
}
