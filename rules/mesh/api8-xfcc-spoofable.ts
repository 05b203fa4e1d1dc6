import type { Rule } from '../../src/model/rule.js';
import type { Evidence } from '../../src/model/types.js';

export const rule: Rule = {
  meta: {
    id: 'api8-xfcc-spoofable',
    title: 'Client-certificate header forwarded from the client at the edge',
    description:
      'The edge proxy passes a client-supplied `x-forwarded-client-cert` (XFCC) header on to the upstream (Envoy `forward_client_cert_details: FORWARD_ONLY`, `APPEND_FORWARD` or `ALWAYS_FORWARD_ONLY` with `use_remote_address: true`; Envoy Gateway `xForwardedClientCert.mode` `ForwardOnly`, `AppendForward`, `AlwaysForwardOnly`). Any client can write that header, so a backend that reads the caller\'s certificate from it — to authenticate the client or to check a certificate-bound token — can be fooled.',
    severity: 'medium',
    owasp: ['API8:2023', 'API2:2023'],
    requirement: 'R3.3',
    remediation:
      'At the edge, replace whatever the client sent with what the TLS handshake proved: Envoy `forward_client_cert_details: SANITIZE_SET` (or `SANITIZE` when upstreams do not need the certificate) with `set_current_client_cert_details`; Envoy Gateway `xForwardedClientCert.mode: SanitizeSet` or `Sanitize`.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/forward_client_cert_details' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const seen = new Set<string>();
    const all: Evidence[] = [...api.evidence, ...api.operations.flatMap((o) => o.evidence)];
    for (const e of all) {
      const c = e.control;
      if (c?.type !== 'forwarded-client-cert' || !c.spoofable) continue;
      const k = `${e.loc.file}#${e.loc.doc ?? 0}#${e.loc.pointer}`;
      if (seen.has(k)) continue;
      seen.add(k);
      report({ message: `${api.name}: x-forwarded-client-cert mode ${c.xfccMode} at the edge keeps the header clients send`, loc: e.loc, operations: api.operations.map((o) => o.key) });
    }
  },
};
