import type { Rule } from '../../src/model/rule.js';
import { isOAuthLike, protectedOps, scopeLoc, WRITE_METHODS } from '../lib/ops.js';
import type { SchemeUse } from '../../src/model/types.js';

export const rule: Rule = {
  meta: {
    id: 'api2-single-scope',
    title: 'One scope for everything',
    description:
      'Every operation that requires OAuth scopes — reads and writes alike, at least three of them — requires the same single scope. Scopes then carry no authorization: any client allowed to read can also write and delete. Reported once for the API, at the scope.',
    severity: 'low',
    owasp: ['API2:2023', 'API5:2023'],
    remediation: 'Split the scope by resource and access (`orders:read`, `orders:write`, `orders:delete`) and require the narrowest one on each operation.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/oauth/flows/authorizationCode/scopes/api' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const scopes = new Map<string, SchemeUse>();
    const ops: string[] = [];
    let reads = 0;
    let writes = 0;
    for (const op of protectedOps(api)) {
      const uses = (op.security ?? []).flat().filter((u) => isOAuthLike(u.def) && u.scopes.length > 0);
      if (!uses.length) continue;
      for (const u of uses) for (const s of u.scopes) scopes.set(`${u.scheme}\u0000${s}`, u);
      ops.push(op.key);
      if (WRITE_METHODS.has(op.method)) writes++;
      else reads++;
    }
    if (scopes.size !== 1 || ops.length < 3 || !reads || !writes) return;
    const [key, use] = [...scopes][0]!;
    const scope = key.split('\u0000')[1]!;
    report({
      message: `all ${ops.length} scoped operations (${reads} reads, ${writes} writes) require the same scope '${scope}' of '${use.scheme}'`,
      loc: scopeLoc(use.def, scope) ?? use.def?.loc ?? api.loc,
      operations: ops,
      remediation: `Split '${scope}' into scopes per resource and access (\`${scope}:read\`, \`${scope}:write\`) and require the narrowest one on each operation (\`security: [{${use.scheme}: [${scope}:read]}]\` on reads).`,
    });
  },
};
