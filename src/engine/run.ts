import { createHash } from 'node:crypto';
import type { Finding, FindingInput, Rule, RuleMeta, RuleOptions, Suppression } from '../model/rule.js';
import type { Api, Loc, Model } from '../model/types.js';
import { SEVERITIES } from '../model/types.js';
import { cmp } from '../model/util.js';
import { BUILTIN_META } from './builtin.js';

export const IGNORE_KEY = 'x-api-maturity-ignore';

export interface EngineOptions extends RuleOptions {
  /** Rule ids switched off. */
  disabled?: Set<string>;
  /** Severity overrides by rule id. */
  severity?: Map<string, Finding['severity']>;
  /** Per-finding adjustment (configuration overrides by file or path glob): drop it, or give it another severity. */
  adjust?: (f: Finding) => 'drop' | Finding['severity'] | undefined;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { maxTokenLifetime: 3600 };

export function fingerprint(ruleId: string, apiId: string | undefined, loc: Loc, key?: string): string {
  return createHash('sha256')
    .update([ruleId, apiId ?? '', loc.file, String(loc.doc ?? 0), loc.pointer, key ?? ''].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

function ancestors(pointer: string): string[] {
  const out = [pointer];
  let p = pointer;
  while (p !== '') {
    p = p.slice(0, p.lastIndexOf('/'));
    out.push(p);
  }
  return out;
}

/** Runs every rule over every API. A rule that throws becomes one `rule-error` finding; the rest still run. */
export function runRules(model: Model, rules: Rule[], opts: EngineOptions = DEFAULT_RULE_OPTIONS): Finding[] {
  const findings: Finding[] = [];
  const metaById = new Map<string, RuleMeta>([...BUILTIN_META, ...rules.map((r) => r.meta)].map((m) => [m.id, m]));
  const seen = new Set<string>();
  const invalidSuppressions = new Set<string>();
  const nodes = new NodeCache();

  const make = (meta: RuleMeta, f: FindingInput, api: Api | undefined): Finding => {
    const out: Finding = {
      ruleId: meta.id,
      title: meta.title,
      severity: opts.severity?.get(meta.id) ?? f.severity ?? meta.severity,
      owasp: meta.owasp,
      message: f.message,
      remediation: f.remediation ?? meta.remediation,
      loc: f.loc,
      fingerprint: fingerprint(meta.id, api?.id, f.loc, f.key),
    };
    if (api) out.apiId = api.id;
    if (f.key !== undefined) out.key = f.key;
    if (f.operations?.length) out.operations = [...new Set(f.operations)];
    const conf = f.confidence ?? meta.confidence;
    if (conf) out.confidence = conf;
    if (meta.requirement) out.requirement = meta.requirement;
    if (f.sensitive) out.sensitive = true;
    return out;
  };

  const push = (fd: Finding, api: Api | undefined) => {
    const k = `${fd.fingerprint}`;
    if (seen.has(k)) return;
    seen.add(k);
    const adj = opts.adjust?.(fd);
    if (adj === 'drop') return;
    if (adj) fd.severity = adj;
    if (api) {
      const s = inlineSuppression(api, fd, metaById, (loc) => {
        const key = `${loc.file}\u0000${loc.pointer}`;
        if (invalidSuppressions.has(key)) return;
        invalidSuppressions.add(key);
        findings.push(make(metaById.get('suppression-invalid')!, { message: `${IGNORE_KEY} entries need a rule id and a reason`, loc }, api));
      }, nodes);
      if (s) fd.suppressed = s;
    }
    findings.push(fd);
  };

  for (const lf of model.loadFindings) {
    const meta = metaById.get(lf.ruleId);
    if (!meta || opts.disabled?.has(lf.ruleId)) continue;
    const api = lf.apiId ? model.apis.find((a) => a.id === lf.apiId) : model.apis.find((a) => a.sources.includes(lf.loc.file));
    push(make(meta, { message: lf.message, loc: lf.loc, severity: lf.severity, ...(lf.sensitive ? { sensitive: true } : {}) }, api), api);
  }

  for (const api of model.apis) {
    for (const rule of rules) {
      if (opts.disabled?.has(rule.meta.id)) continue;
      const batch: Finding[] = [];
      try {
        rule.check({ api, model, options: opts, report: (f) => batch.push(make(rule.meta, f, api)) });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        batch.length = 0;
        push(make(metaById.get('rule-error')!, { message: `rule ${rule.meta.id} failed: ${msg.split('\n')[0]}`, loc: api.loc, key: rule.meta.id }, api), api);
        continue;
      }
      for (const f of batch) push(f, api);
    }
  }
  return sortFindings(findings);
}

/** Values at pointers, each found from its parent's value (memoised): many findings share long pointer prefixes. */
class NodeCache {
  private readonly memo = new Map<string, unknown>();

  at(api: Api, loc: Loc): unknown {
    const k = `${loc.file}\u0000${loc.doc ?? 0}\u0000${loc.pointer}`;
    if (this.memo.has(k)) return this.memo.get(k);
    let v: unknown;
    if (loc.pointer === '') v = api.deref.valueAt(loc);
    else {
      const cut = loc.pointer.lastIndexOf('/');
      const parent = this.at(api, { ...loc, pointer: loc.pointer.slice(0, cut) });
      const seg = loc.pointer.slice(cut + 1).replace(/~1/g, '/').replace(/~0/g, '~');
      v = parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, seg) ? (parent as Record<string, unknown>)[seg] : undefined;
    }
    this.memo.set(k, v);
    return v;
  }
}

/** `x-api-maturity-ignore: { rule-id: reason }` on the node of a finding or any node above it. */
function inlineSuppression(api: Api, f: Finding, metas: Map<string, RuleMeta>, invalid: (loc: Loc) => void, nodes: NodeCache): Suppression | undefined {
  for (const p of ancestors(f.loc.pointer)) {
    const loc: Loc = { file: f.loc.file, pointer: p };
    if (f.loc.doc !== undefined) loc.doc = f.loc.doc;
    const node = nodes.at(api, loc);
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, IGNORE_KEY)) continue;
    const ig = (node as Record<string, unknown>)[IGNORE_KEY];
    const igLoc: Loc = { ...loc, pointer: `${p}/${IGNORE_KEY}` };
    if (ig === null || typeof ig !== 'object' || Array.isArray(ig)) {
      invalid(igLoc);
      continue;
    }
    for (const [id, reason] of Object.entries(ig as Record<string, unknown>)) {
      if (typeof reason !== 'string' || reason.trim() === '' || !metas.has(id)) {
        invalid(igLoc);
        continue;
      }
      if (id === f.ruleId) return { by: 'inline', reason: reason.trim(), loc: igLoc };
    }
  }
  return undefined;
}

const SEV_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

export function sortFindings(fs: Finding[]): Finding[] {
  return fs.sort(
    (a, b) =>
      cmp(a.apiId ?? '', b.apiId ?? '') ||
      SEV_RANK.get(b.severity)! - SEV_RANK.get(a.severity)! ||
      cmp(a.loc.file, b.loc.file) ||
      (a.loc.doc ?? 0) - (b.loc.doc ?? 0) ||
      cmp(a.loc.pointer, b.loc.pointer) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.fingerprint, b.fingerprint),
  );
}
