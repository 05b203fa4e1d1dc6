import type { Rule } from '../../src/model/rule.js';
import { describedOps, isLibrary } from '../lib/ops.js';

const VERSION_SEGMENT = /(^|[/._-])(v\d+(\.\d+)*([a-z]+\d*)?|\d{4}-\d{2}-\d{2}|\d+\.\d+)(?=$|[/._-])/i;
const VERSION_PARAM = /^(api[-_]?version|version|v|x-api-version|accept-version|x-version|api-version)$|version$/i;

export const rule: Rule = {
  meta: {
    id: 'api9-unversioned-api',
    title: 'API has no version in its interface',
    description:
      'Neither the server URLs nor the paths carry a version (`/v1`, `/2024-01-01`), no operation takes a version header or parameter (`Api-Version`, `X-API-Version`, `?api-version=`), and no media type is versioned (`application/vnd.example.v2+json`). Without a version in the interface, old and new behaviour cannot run side by side, so retiring the old one is hard to track (inventory). Reported once for the document.',
    severity: 'low',
    owasp: ['API9:2023'],
    remediation: 'Version the interface: a base path such as `servers: [{url: https://api.example.com/v1}]`, or a required version header (`{name: Api-Version, in: header, required: true, schema: {type: string, enum: ["2024-06-01"]}}`).',
    tests: { fail: [{ file: 'fail.yaml', pointer: '' }], pass: ['pass.yaml', 'pass-header.yaml'] },
  },
  check({ api, report }) {
    const ops = describedOps(api);
    if (isLibrary(api) || !ops.length) return;
    if (api.servers.some((s) => VERSION_SEGMENT.test(s.url.replace(/^[a-z]+:\/\/[^/]*/i, '')))) return;
    if (ops.some((o) => VERSION_SEGMENT.test(o.path) || o.servers.some((s) => VERSION_SEGMENT.test(s.url.replace(/^[a-z]+:\/\/[^/]*/i, ''))))) return;
    if (ops.some((o) => o.parameters.some((p) => p.in !== 'path' && VERSION_PARAM.test(p.name)))) return;
    const media = ops.some((o) => [...(o.requestBody?.content ?? []), ...o.responses.flatMap((r) => r.content)].some((m) => /v(ersion=)?\d/i.test(m.contentType)));
    if (media) return;
    report({
      message: 'no version in server URLs, paths, headers, parameters or media types',
      loc: { file: api.loc.file, pointer: '' },
      operations: ops.map((o) => o.key),
    });
  },
};
