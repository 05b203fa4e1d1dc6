import { ALL_RULES } from '../../rules/index.js';
import { BUILTIN_META } from '../engine/builtin.js';
import { UsageError } from '../load/errors.js';
import type { Rule, RuleMeta } from '../model/rule.js';
import { cmp } from '../model/util.js';
import { rulesMarkdown } from './rules-doc.js';

/** The metadata of the given rules and of the engine's own findings, by id. */
export function ruleMetaOf(rules: Rule[]): RuleMeta[] {
  return [...rules.map((r) => r.meta), ...BUILTIN_META].sort((a, b) => cmp(a.id, b.id));
}

export function allRuleMeta(): RuleMeta[] {
  return ruleMetaOf(ALL_RULES);
}

/** `api-maturity rules`: every rule with its OWASP categories and severity; `--format markdown` is the rule reference (docs/rules.md). */
export function rulesCommand(flags: { format?: string }): number {
  const metas = allRuleMeta();
  const fmt = flags.format ?? 'text';
  if (fmt === 'json') {
    const out = metas.map((m) => ({
      id: m.id,
      title: m.title,
      severity: m.severity,
      owasp: m.owasp,
      ...(m.requirement ? { requirement: m.requirement } : {}),
      description: m.description,
      remediation: m.remediation,
      ...(m.supersedes ? { supersedes: m.supersedes } : {}),
    }));
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  if (fmt === 'markdown') {
    process.stdout.write(rulesMarkdown());
    return 0;
  }
  if (fmt !== 'text') throw new UsageError(`rules --format: '${fmt}' is not one of text, json, markdown`);
  const w = Math.max(...metas.map((m) => m.id.length));
  for (const m of metas) {
    process.stdout.write(`${m.id.padEnd(w)}  ${m.severity.padEnd(8)} ${(m.owasp.join(',') || '-').padEnd(24)} ${m.title}\n`);
  }
  process.stdout.write(`\n${metas.length} rules\n`);
  return 0;
}
