import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { UsageError } from '../load/errors.js';
import { REQUIREMENT_BY_ID } from '../score/requirements.js';
import '../score/fapi.js';
import { allRuleMeta } from './rules.js';

const FIXTURES = new URL('../../../fixtures/rules/', import.meta.url);

/** `api-maturity explain ID`: a rule's rationale, examples and remediation, or a maturity requirement's. */
export function explainCommand(id: string): number {
  const req = REQUIREMENT_BY_ID.get(id.toUpperCase());
  if (req) {
    process.stdout.write(
      [
        `${req.id} (level ${req.level} ${req.role}): ${req.title}`,
        `Source: ${req.source}`,
        '',
        'What to do:',
        `  ${req.remediation}`,
        '',
        `What settles it when unknown: ${req.settleWith}`,
        '',
      ].join('\n'),
    );
    return 0;
  }
  const m = allRuleMeta().find((r) => r.id === id);
  if (!m) throw new UsageError(`explain: '${id}' is neither a rule id (see \`api-maturity rules\`) nor a requirement id (R1.1 … R4.12)`);
  const out = [
    `${m.id}: ${m.title}`,
    `Severity ${m.severity}${m.owasp.length ? ` · OWASP ${m.owasp.join(', ')}` : ''}${m.requirement ? ` · maturity requirement ${m.requirement}` : ''}`,
    ...(m.supersedes?.length ? [`Replaces: ${m.supersedes.join(', ')}`] : []),
    '',
    m.description,
    '',
    'What to do:',
    `  ${m.remediation}`,
  ];
  const dir = new URL(`${m.id}/`, FIXTURES);
  if (existsSync(dir)) {
    const show = (label: string, files: string[]) => {
      for (const f of files) {
        const u = new URL(f, dir);
        if (!existsSync(u) || readdirSync(dir).length === 0) continue;
        let text: string;
        try {
          text = readFileSync(u, 'utf8');
        } catch {
          continue;
        }
        if (text.length > 4000) continue;
        out.push('', `${label} (${f}):`, ...text.trimEnd().split('\n').map((l) => `  ${l}`));
      }
    };
    show('Reported', m.tests.fail.map((t) => t.file).slice(0, 1));
    show('Accepted', m.tests.pass.slice(0, 1));
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
