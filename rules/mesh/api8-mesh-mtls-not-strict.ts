import type { Rule } from '../../src/model/rule.js';

export const rule: Rule = {
  meta: {
    id: 'api8-mesh-mtls-not-strict',
    title: 'Mesh mTLS is not strict',
    description:
      'The PeerAuthentication in force for the workload is `PERMISSIVE` or `DISABLE`: other workloads may call it in plain text, unauthenticated and unencrypted inside the cluster. Authorization policies that match on `principals`, `namespaces` or `source.principal` rely on mTLS peer identities that plain-text requests do not have, so what those policies intend is not what the mesh enforces. (Workload mTLS is not end-user authentication in any mode.)',
    severity: 'low',
    owasp: ['API8:2023'],
    remediation:
      'Move the workload, its namespace or the mesh to `PeerAuthentication` `mtls: {mode: STRICT}` once every client has a sidecar (check Istio telemetry for plain-text connections first), and keep port-level exceptions narrow.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/spec/mtls/mode' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const e of api.evidence) {
      const c = e.control;
      if (c?.type !== 'workload-mtls' || !c.mtlsMode || c.mtlsMode === 'STRICT') continue;
      report({
        message: `${api.name}: workload mTLS is ${c.mtlsMode}${c.principalsRelied ? ', yet its authorization policies match on peer identities that plain-text callers do not have' : ': plain-text calls from inside the mesh are accepted'}`,
        loc: e.loc,
        severity: c.principalsRelied ? 'medium' : 'low',
        operations: api.operations.map((o) => o.key),
      });
    }
  },
};
