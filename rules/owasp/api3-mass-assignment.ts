import type { Rule } from '../../src/model/rule.js';
import { squash, words } from '../lib/names.js';
import { isAdminLike } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { schemaIndex } from '../lib/schema.js';

/** Properties a client should never set on itself: privileges, ownership, tenancy, money, verification state. */
const PRIVILEGED: Record<string, string> = {
  role: 'a role', roles: 'roles', isadmin: 'the admin flag', admin: 'the admin flag', issuperuser: 'the superuser flag', superuser: 'the superuser flag',
  isstaff: 'the staff flag', permissions: 'permissions', permission: 'a permission', privileges: 'privileges', privilege: 'a privilege',
  accesslevel: 'the access level', usertype: 'the user type', tenantid: 'the tenant', ownerid: 'the owner', createdby: 'the creator',
  balance: 'a balance', accountbalance: 'the account balance', walletbalance: 'the wallet balance', credit: 'credit', credits: 'credits',
  isverified: 'the verification state', verified: 'the verification state', emailverified: 'the verification state', isapproved: 'the approval state', approved: 'the approval state',
};

/** Operations that manage access on purpose: members, collaborators, invitations, grants. */
const ACCESS_MANAGEMENT = /member|collaborator|invitation|invite|team|grant|access|share|acl|role|permission|privilege|consent/;

export const rule: Rule = {
  meta: {
    id: 'api3-mass-assignment',
    title: 'Request body accepts a privileged property',
    description:
      'A request body schema lets the client send a property that only the server or an administrator should set — `role`, `isAdmin`, `permissions`, `tenantId`, `ownerId`, `balance`, `verified` … — and it is not `readOnly`. If the server binds the body to its model, any caller can grant themselves the privilege (mass assignment). Only the body object itself is judged (what a server binds to its model); operations that manage access on purpose (admin paths, members, collaborators, invitations, roles, permissions, consents) are left out. Reported once where the property is declared.',
    severity: 'medium',
    owasp: ['API3:2023'],
    confidence: 'low',
    remediation: 'Remove the property from the request schema (use a separate input schema without it), or mark it `readOnly: true` and make the server ignore it on input; set it only through a dedicated, admin-scoped operation.',
    tests: {
      fail: [{ file: 'fail.yaml', pointer: '/components/schemas/User/properties/role' }, { file: 'fail.yaml', pointer: '/components/schemas/User/properties/account_balance' }, { file: 'fail.yaml', pointer: '/components/schemas/Base/properties/tenantId' }],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ owner: string; name: string; what: string }>();
    for (const n of idx.nodes) {
      // The body object itself: what a server binds to its model (nested objects are values, not the model).
      if (n.bodyOps.size === 0 && !n.via.has('library')) continue;
      for (const p of n.view.props) {
        const what = PRIVILEGED[squash(p.name)];
        if (!what) continue;
        const target = idx.view(p.node, p.loc);
        if (target?.view.readOnly) continue;
        const stem = words(p.name).filter((w) => w !== 'id' && w !== 'is');
        const ops = [...n.bodyOps].filter((k) => {
          const op = idx.ops.get(k);
          if (!op) return false;
          if (isAdminLike(op)) return false;
          const segs = op.path.toLowerCase();
          if (ACCESS_MANAGEMENT.test(segs)) return false;
          return !stem.some((w) => segs.includes(w));
        });
        if (ops.length === 0 && !n.via.has('library')) continue;
        g.add(p.loc, ops, () => ({ owner: n.label, name: p.name, what }));
      }
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.owner}.${data.name}: clients can set ${data.what} in the request body of ${opsPhrase(ops)}`,
      remediation: `Drop \`${data.name}\` from the request schema \`${data.owner}\` (a separate input schema without it), or declare \`${data.name}: {readOnly: true}\` and ignore it on input; change it only through an admin-scoped operation.`,
    }));
  },
};
