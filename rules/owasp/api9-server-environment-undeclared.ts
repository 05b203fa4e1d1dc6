import type { Rule } from '../../src/model/rule.js';
import { hostOf } from '../../src/model/util.js';

const ENV = /\b(prod|production|live|sandbox|staging|stage|dev|development|test|testing|qa|uat|pre-?prod|local|mock|demo|trial|internal|external|public|partner|beta|preview|eu|us|region)\b/i;

export const rule: Rule = {
  meta: {
    id: 'api9-server-environment-undeclared',
    title: 'Servers do not say which environment they are',
    description:
      'The description lists several servers, and some of them say neither in their description, in their host name, nor with `x-internal` which environment or audience they serve (production, sandbox, internal, partner…). Consumers and reviewers cannot tell the production API from the others, and inventories drift. A single server is taken to be the production one. Reported once for the document.',
    severity: 'info',
    owasp: ['API9:2023'],
    remediation: 'Describe every server\'s environment and audience: `servers: [{url: https://api.example.com, description: Production, x-internal: false}, {url: https://sandbox.example.com, description: Sandbox for partners, x-internal: false}]`.',
    supersedes: ['owasp:api9:2023-inventory-access', 'owasp:api9:2023-inventory-environment'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/servers' }], pass: ['pass.yaml', 'pass-single.yaml'] },
  },
  check({ api, report }) {
    const servers = api.servers.filter((s) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s.url));
    if (servers.length < 2 || api.openapi === '2.0') return;
    const silent = servers.filter((s) => {
      if (typeof s.extensions?.['x-internal'] === 'boolean') return false;
      if (ENV.test(s.description ?? '')) return false;
      const host = hostOf(s.url) ?? '';
      return !host.split(/[.-]/).some((w) => ENV.test(w));
    });
    if (!silent.length) return;
    report({
      message: `${silent.length} of ${servers.length} servers say nothing about their environment or audience: ${silent.map((s) => s.url).join(', ')}`,
      loc: { file: api.loc.file, pointer: '/servers' },
      remediation: `Give each server a description naming its environment and audience, and \`x-internal\`: ${silent.map((s) => `\`{url: ${s.url}, description: Production, x-internal: false}\``).slice(0, 2).join(', ')}.`,
    });
  },
};
