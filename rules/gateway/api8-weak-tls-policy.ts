import type { Rule } from '../../src/model/rule.js';
import { controlGroups, opsLabel } from '../lib/gateway.js';

const WEAK = /(^|[^0-9])1[._]?[01]([^0-9]|$)/;

export const rule: Rule = {
  meta: {
    id: 'api8-weak-tls-policy',
    title: 'TLS 1.0 or 1.1 still accepted',
    description:
      'The edge still negotiates TLS 1.0 or 1.1 (API Gateway `SecurityPolicy: TLS_1_0`, Envoy `tls_minimum_protocol_version: TLSv1_0`/`TLSv1_1`, Istio `minProtocolVersion`, Envoy Gateway `tls.minVersion`), protocol versions deprecated by RFC 8996 for their weak ciphers and downgrade attacks.',
    severity: 'medium',
    owasp: ['API8:2023'],
    remediation: 'Require TLS 1.2 or later: `SecurityPolicy: TLS_1_2` (or a newer named policy) on every custom domain; Envoy `tls_minimum_protocol_version: TLSv1_2`; Istio `minProtocolVersion: TLSV1_2`; Envoy Gateway `tls.minVersion: "1.2"`.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/Resources/Domain' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of controlGroups(api, 'tls', (c) => !!c.minTlsVersion && WEAK.test(c.minTlsVersion))) {
      const v = first.minTlsVersion!;
      report({ message: `${/^[0-9.]+$/.test(v) ? `minimum TLS version ${v}` : `security policy ${v}`} still accepts TLS older than 1.2 on ${opsLabel(ops)}`, loc, operations: ops });
    }
  },
};
