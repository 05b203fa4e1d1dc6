import type { RuleMeta } from '../model/rule.js';

/** Findings raised by the loader and the engine themselves (not by a rule pack). */
export const BUILTIN_META: RuleMeta[] = [
  {
    id: 'ref-remote-refused',
    title: 'Remote $ref not fetched',
    description: 'The document references another document over http(s). Remote references are never fetched unless the run opts in, so the referenced part was not assessed.',
    severity: 'low',
    owasp: ['API10:2023'],
    remediation: 'Bundle the referenced document into the repository, or run with `--allow-remote-refs` if the remote source is trusted.',
    tests: { fail: [], pass: [] },
  },
  {
    id: 'ref-outside-root',
    title: '$ref escapes the input root',
    description: 'A reference points at a file outside the directory tree of the input. Such files are never read: a document under review must not make the tool read arbitrary files.',
    severity: 'high',
    owasp: ['API8:2023'],
    remediation: 'Keep referenced files inside the directory of the document (or widen the root deliberately with `--ref-root`).',
    tests: { fail: [], pass: [] },
  },
  {
    id: 'ref-unresolved',
    title: '$ref cannot be resolved',
    description: 'A reference names a file or a location that does not exist; the part it stands for was not assessed.',
    severity: 'medium',
    owasp: ['API9:2023'],
    remediation: 'Fix the reference so that it names an existing file and JSON pointer.',
    tests: { fail: [], pass: [] },
  },
  {
    id: 'ref-circular',
    title: 'Circular $ref chain',
    description: 'A chain of references leads back to itself without content.',
    severity: 'medium',
    owasp: ['API9:2023'],
    remediation: 'Break the reference cycle: one of the references must point at a real definition.',
    tests: { fail: [], pass: [] },
  },
  {
    id: 'as-metadata-unlinked',
    title: 'Authorization-server metadata linked to no API',
    description:
      'An authorization-server metadata document (RFC 8414 / OpenID Connect discovery) was given but no API names its metadata URL, issuer or endpoints, and no mapping links it; it was not used to score any API.',
    severity: 'low',
    owasp: ['API9:2023'],
    remediation:
      'Reference the server from the API description (`openIdConnectUrl: <issuer>/.well-known/openid-configuration`, or `authorizationUrl`/`tokenUrl` equal to its endpoints), or link it explicitly with `--as-map <issuer>=<api id or name>`.',
    tests: { fail: [], pass: [] },
  },
  {
    id: 'rs-metadata-unlinked',
    title: 'Protected-resource metadata linked to no API',
    description: 'An RFC 9728 protected-resource metadata document was given but no API has a server URL under its `resource`, and no mapping links it.',
    severity: 'low',
    owasp: ['API9:2023'],
    remediation: 'Make `resource` the base URL of the API (as in its `servers`), or link it explicitly with `--as-map <resource>=<api id or name>`.',
    tests: { fail: [], pass: [] },
  },
  {
    id: 'rule-error',
    title: 'A rule failed on unexpected input',
    description: 'A rule threw an error on a shape it did not expect. The rest of the report is complete; this rule did not finish for this API.',
    severity: 'info',
    owasp: [],
    remediation: 'Report the input shape to the api-maturity maintainers; the finding names the rule and the location.',
    tests: { fail: [], pass: [] },
  },
  {
    id: 'suppression-invalid',
    title: 'Inline suppression without a reason',
    description: '`x-api-maturity-ignore` must map each rule id to a reason; entries without one are ignored.',
    severity: 'low',
    owasp: [],
    remediation: 'Write `x-api-maturity-ignore: { <rule-id>: "<why this is acceptable>" }`.',
    tests: { fail: [], pass: [] },
  },
];
