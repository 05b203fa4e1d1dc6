import type { Rule } from '../../src/model/rule.js';
import { isLoopback, isPlainHttp } from '../../src/model/util.js';

/** Plain http and other unencrypted transports (Swagger 2.0 `schemes` may name anything). */
function unencrypted(url: string): boolean {
  return isPlainHttp(url) || (/^(ftp|telnet|gopher):\/\//i.test(url) && !isLoopback(url));
}

export const rule: Rule = {
  meta: {
    id: 'api8-plain-http-server',
    title: 'Server reachable over plain http',
    description:
      'A server URL (OpenAPI 3 `servers`, Swagger 2.0 `schemes`) uses plain http (or another unencrypted scheme such as `ftp`) to a host that is not loopback. Everything sent to it, credentials included, can be read and changed on the way. Credentials over plain http also cap the maturity level at 2 (cap C2).',
    severity: 'medium',
    owasp: ['API8:2023', 'API2:2023'],
    requirement: 'R1.3',
    remediation: 'List only `https://` servers (Swagger 2.0: `schemes: [https]`), and redirect plain http to https at the edge with `Strict-Transport-Security`.',
    supersedes: ['owasp:api8:2023-no-server-http', 'owasp:api8:2023-no-scheme-http'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/servers/1/url' }, { file: 'fail-v2.yaml', pointer: '/schemes/0' }, { file: 'fail-ftp.yaml', pointer: '/schemes/1' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const seen = new Set<string>();
    const all = [...api.servers, ...api.operations.flatMap((o) => o.servers)];
    for (const s of all) {
      const k = `${s.loc.file}#${s.loc.pointer}`;
      if (seen.has(k) || !unencrypted(s.url)) continue;
      seen.add(k);
      const ops = api.operations.filter((o) => o.servers.includes(s));
      const withCreds = ops.some((o) => o.security?.some((r) => r.length > 0));
      report({
        message: `server ${s.url} is ${/^(http|ws):/i.test(s.url) ? 'plain http' : 'unencrypted'}${withCreds ? '; credentials sent to it travel in clear text' : ''}`,
        loc: s.loc,
        severity: withCreds ? 'high' : 'medium',
        operations: ops.map((o) => o.key),
        remediation: `Use \`${s.url.replace(/^(http|ftp|telnet|gopher):/i, 'https:').replace(/^ws:/i, 'wss:')}\` and redirect plain http to https at the edge.`,
      });
    }
  },
};
