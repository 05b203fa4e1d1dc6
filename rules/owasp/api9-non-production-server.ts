import type { Rule } from '../../src/model/rule.js';
import type { Server } from '../../src/model/types.js';
import { hostOf } from '../../src/model/util.js';

const ENV_WORDS = /^(dev|devel|develop|development|staging|stage|stag|stg|test|testing|tst|qa|uat|preprod|pre-prod|preproduction|nonprod|non-prod|int|integration|local|localhost|internal|intranet|debug)$/;
const PRIVATE = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?|10(\.\d{1,3}){3}|192\.168(\.\d{1,3}){2}|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}|169\.254(\.\d{1,3}){2}|\[?f[cd][0-9a-f]{2}:.*)$/i;
const PRIVATE_TLD = /\.(local|localhost|internal|intranet|corp|lan|home|test|example\.internal)$/i;
const DESC = /\b(development|dev|staging|stage|test|testing|qa|uat|pre-?prod(uction)?|local|internal|debug)\b/i;

/** Why a server looks like a non-production environment, or undefined. */
export function nonProduction(s: Server): string | undefined {
  const host = hostOf(s.url);
  if (host) {
    if (PRIVATE.test(host)) return `points at ${host}, a loopback or private address`;
    if (PRIVATE_TLD.test(host)) return `points at ${host}, an internal host name`;
    const label = host.split(/[.-]/).find((w) => ENV_WORDS.test(w));
    if (label) return `host name says '${label}'`;
  }
  const d = s.description ?? '';
  const m = DESC.exec(d);
  if (m && !/\bprod(uction)?\b/i.test(d.replace(/pre-?prod(uction)?/gi, '').replace(/non-?prod(uction)?/gi, ''))) return `described as '${m[0]}'`;
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'api9-non-production-server',
    title: 'Non-production server in the description',
    description:
      'A server points at a development, staging, test or local environment — by host name (`dev.`, `staging.`, `-test.`, `localhost`), private or loopback address, internal domain, or its description. Published descriptions advertise these hosts to anyone; such environments are usually less protected, hold copies of real data, and are forgotten (improper inventory). Sandboxes meant for consumers are not reported.',
    severity: 'low',
    owasp: ['API9:2023'],
    remediation: 'Publish only the production server(s) in the description consumers receive; keep environment-specific servers in an internal overlay, and make sure non-production environments require the same authentication as production.',
    supersedes: ['owasp:api9:2023-inventory-environment'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/servers/1/url' }, { file: 'fail.yaml', pointer: '/servers/2/url' }, { file: 'fail-v2.yaml', pointer: '/host' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    // One finding per server URL, at its first declaration, even when every operation repeats it (per-operation servers).
    const byUrl = new Map<string, { loc: Server['loc']; why: string; ops: Set<string> }>();
    const seenLoc = new Set<string>();
    for (const s of [...api.servers, ...api.operations.flatMap((o) => o.servers)]) {
      // Swagger 2.0: one host, listed once per scheme; report it once, at `host`.
      const loc = api.openapi === '2.0' && s.loc.pointer.startsWith('/schemes/') ? { file: s.loc.file, pointer: '/host' } : s.loc;
      const lk = `${loc.file}#${loc.pointer}`;
      if (seenLoc.has(lk)) continue;
      seenLoc.add(lk);
      const why = nonProduction(s);
      if (!why) continue;
      const key = api.openapi === '2.0' ? (hostOf(s.url) ?? s.url) : s.url;
      const e = byUrl.get(key) ?? { loc, why, ops: new Set<string>() };
      for (const o of api.operations) if (o.servers.includes(s)) e.ops.add(o.key);
      byUrl.set(key, e);
    }
    for (const [url, { loc, why, ops }] of byUrl) {
      report({
        message: `server ${url} ${why}`,
        loc,
        operations: [...ops],
        remediation: `Remove \`${url}\` from the published description (keep it in an internal overlay), and make sure that environment requires the same authentication as production.`,
      });
    }
  },
};
