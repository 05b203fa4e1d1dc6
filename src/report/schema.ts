// JSON Schema (draft-07) of the JSON report, schemaVersion 1.0. Printed by `api-maturity schema`; every report
// the tests produce is validated against it. Extending the report means extending this schema in the same change.

const severity = { enum: ['info', 'low', 'medium', 'high', 'critical'] };
const level = { type: 'integer', minimum: 0, maximum: 4 };
const location = {
  type: 'object',
  required: ['file', 'pointer'],
  additionalProperties: false,
  properties: {
    file: { type: 'string' },
    pointer: { type: 'string', pattern: '^(/.*)?$' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    doc: { type: 'integer', minimum: 1 },
  },
};
const statusValue = { enum: ['pass', 'fails', 'unknown', 'n/a'] };
const decider = {
  type: 'object',
  required: ['field', 'location'],
  additionalProperties: false,
  properties: { field: { type: 'string' }, value: {}, location, absent: { const: true }, default: { type: 'string' } },
};
const linkedMetadata = {
  type: 'object',
  required: ['id', 'location', 'linkedBy'],
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    location,
    linkedBy: {
      type: 'array',
      items: {
        type: 'object',
        required: ['via'],
        additionalProperties: false,
        properties: { via: { enum: ['metadata-url', 'issuer', 'endpoint', 'mapping', 'protected-resource', 'resource'] }, hint: { type: 'string' }, location },
      },
    },
  },
};
const fapi = {
  type: 'object',
  required: ['requirements', 'messageSigning', 'authorizationServers', 'protectedResources'],
  additionalProperties: false,
  properties: {
    profile: { enum: ['fapi2-security-profile', 'fapi1-advanced', 'mixed'] },
    sublevel: { enum: ['4a', '4b'] },
    requirements: {
      type: 'array',
      items: {
        type: 'object',
        required: ['requirement', 'title', 'role', 'status', 'reason', 'decidedBy', 'locations', 'remediation', 'operations', 'operationCount'],
        additionalProperties: false,
        properties: {
          requirement: { type: 'string', pattern: '^R4\\.[0-9]+$' },
          title: { type: 'string' },
          role: { enum: ['gate', 'grade', 'advisory'] },
          status: statusValue,
          reason: { type: 'string' },
          confidence: { enum: ['low', 'medium', 'high'] },
          decidedBy: { type: 'array', items: decider },
          locations: { type: 'array', items: location },
          settleWith: { type: 'string' },
          remediation: { type: 'string' },
          operations: { type: 'array', items: { type: 'string' } },
          operationCount: { type: 'integer', minimum: 0 },
        },
      },
    },
    messageSigning: {
      type: 'array',
      items: {
        type: 'object',
        required: ['feature', 'status', 'reason', 'decidedBy', 'locations'],
        additionalProperties: false,
        properties: {
          feature: { enum: ['jar', 'jarm', 'signed-introspection', 'http-signatures'] },
          status: statusValue,
          reason: { type: 'string' },
          decidedBy: { type: 'array', items: decider },
          locations: { type: 'array', items: location },
        },
      },
    },
    alternative: {
      type: 'object',
      required: ['profile', 'unmet'],
      additionalProperties: false,
      properties: { profile: { enum: ['fapi2-security-profile', 'fapi1-advanced'] }, unmet: { type: 'array', items: { type: 'string' } } },
    },
    authorizationServers: { type: 'array', items: linkedMetadata },
    protectedResources: { type: 'array', items: linkedMetadata },
  },
};
const inputKind = { enum: ['openapi', 'kong', 'envoy', 'istio', 'aws', 'as-metadata', 'rs-metadata', 'har', 'access-log'] };

const governance = {
  type: 'object',
  required: ['sensitivity', 'target', 'meetsTarget'],
  additionalProperties: false,
  properties: {
    sensitivity: {
      type: 'object',
      required: ['class', 'source', 'reasons'],
      additionalProperties: false,
      properties: {
        class: { enum: ['public', 'internal', 'confidential', 'restricted'] },
        source: { enum: ['config', 'inferred', 'default'] },
        reasons: { type: 'array', items: { type: 'string' } },
      },
    },
    target: level,
    meetsTarget: { type: 'boolean' },
    exception: {
      type: 'object',
      required: ['reason', 'owner', 'expires', 'status'],
      additionalProperties: false,
      properties: { reason: { type: 'string' }, owner: { type: 'string' }, expires: { type: 'string' }, status: { enum: ['active', 'expired'] } },
    },
  },
};

const count = { type: 'integer', minimum: 0 };
const counts = { type: 'object', additionalProperties: count };
const strings = { type: 'array', items: { type: 'string' } };
const observed = {
  type: 'object',
  required: ['calls', 'statuses', 'credentials', 'tokens', 'bindingBypassed', 'challenges', 'rateLimit', 'bodiesScanned'],
  additionalProperties: false,
  properties: {
    calls: count,
    statuses: counts,
    first: { type: 'string', format: 'date-time' },
    last: { type: 'string', format: 'date-time' },
    credentials: {
      type: 'array',
      items: {
        type: 'object',
        required: ['label', 'type', 'samples', 'calls', 'accepted', 'refused', 'plaintext'],
        additionalProperties: false,
        properties: { label: { type: 'string' }, type: { type: 'string' }, in: { type: 'string' }, name: { type: 'string' }, samples: strings, calls: count, accepted: count, refused: count, plaintext: count },
      },
    },
    tokens: {
      type: 'array',
      items: {
        type: 'object',
        required: ['scheme', 'format', 'fingerprint', 'calls', 'accepted', 'acceptedExpired', 'acceptedUnsigned'],
        additionalProperties: false,
        properties: {
          scheme: { type: 'string' },
          format: { enum: ['jwt', 'opaque'] },
          alg: { type: 'string' },
          typ: { type: 'string' },
          iss: { type: 'string' },
          aud: strings,
          lifetimeSeconds: { type: 'integer' },
          cnf: { enum: ['jkt', 'x5t#S256'] },
          fingerprint: { type: 'string' },
          calls: count,
          accepted: count,
          acceptedExpired: count,
          acceptedUnsigned: count,
        },
      },
    },
    dpop: {
      type: 'object',
      required: ['calls', 'valid', 'failures', 'acceptedInvalid'],
      additionalProperties: false,
      properties: { calls: count, valid: count, failures: counts, acceptedInvalid: count },
    },
    bindingBypassed: strings,
    challenges: {
      type: 'array',
      items: { type: 'object', required: ['value', 'count'], additionalProperties: false, properties: { value: { type: 'string' }, count } },
    },
    rateLimit: {
      type: 'object',
      required: ['headers', 'tooMany', 'burst', 'windowSeconds'],
      additionalProperties: false,
      properties: { headers: strings, tooMany: count, burst: count, windowSeconds: count },
    },
    bodiesScanned: count,
  },
};

const finding = {
  type: 'object',
  required: ['ruleId', 'title', 'severity', 'owasp', 'message', 'remediation', 'location', 'fingerprint'],
  additionalProperties: false,
  properties: {
    ruleId: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    severity,
    owasp: { type: 'array', items: { type: 'string', pattern: '^API([1-9]|10):2023$' } },
    message: { type: 'string' },
    remediation: { type: 'string' },
    location,
    fingerprint: { type: 'string', pattern: '^[0-9a-f]{16,64}$' },
    operations: { type: 'array', items: { type: 'string' } },
    confidence: { enum: ['low', 'medium', 'high'] },
    requirement: { type: 'string' },
    sensitive: { type: 'boolean', description: 'the location holds a credential: its source text is never shown' },
    suppressed: {
      type: 'object',
      required: ['by', 'reason'],
      additionalProperties: false,
      properties: { by: { enum: ['inline', 'config', 'baseline', 'exception'] }, reason: { type: 'string', minLength: 1 }, location },
    },
  },
};

const evidenceKind = { enum: ['declared', 'configured', 'observed'] };

/** What identifies an API in the report and in the inventory. */
const API_IDENTITY = {
  id: { type: 'string', minLength: 1 },
  name: { type: 'string' },
  version: { type: 'string' },
  sources: { type: 'array', items: { type: 'string' } },
};

/** One distinct credential path of an API (`apis[].credentials[]`). */
export const CREDENTIAL_SCHEMA = {
  type: 'object',
  required: ['id', 'kind', 'label', 'issuedBy', 'static', 'storedIn', 'binding', 'scopes', 'sources', 'sourceCount', 'operations'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[0-9a-f]{12}$', description: 'stable: a hash of what makes the path distinct' },
    kind: { enum: ['api-key', 'basic', 'client-secret', 'private-key-jwt', 'bearer', 'dpop', 'client-certificate', 'session-cookie', 'signature', 'unknown'] },
    label: { type: 'string' },
    presented: {
      type: 'object',
      description: 'where the client sends it; absent for a secret written into a config that no client path presents',
      required: ['in'],
      additionalProperties: false,
      properties: {
        in: { enum: ['header', 'query', 'cookie', 'tls', 'body', 'path'] },
        name: { type: 'string' },
        endpoint: { type: 'string', description: 'presented to this endpoint (a token endpoint), not to the API' },
        by: { const: 'gateway', description: "the gateway presents it (its own client credentials), not the API's clients" },
      },
    },
    issuedBy: { type: 'string', description: 'issuer or token endpoint URL, `gateway`, `static` or `unknown`' },
    static: { type: 'boolean', description: 'a static secret: a leaked copy works until someone replaces it' },
    storedIn: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'redacted', 'location'],
        additionalProperties: false,
        properties: { kind: { type: 'string' }, owner: { type: 'string' }, redacted: { type: 'string', pattern: '…#[0-9a-f]{8}$' }, location },
      },
    },
    binding: { enum: ['none', 'mtls', 'dpop'] },
    lifetimeSeconds: { type: 'number' },
    scopes: { type: 'array', items: { type: 'string' } },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['evidence', 'source', 'location'],
        additionalProperties: false,
        properties: { evidence: evidenceKind, source: inputKind, scheme: { type: 'string' }, detail: { type: 'string' }, location },
      },
    },
    sourceCount: { type: 'integer', minimum: 0 },
    operations: { type: 'integer', minimum: 0 },
  },
};

const control = {
  type: 'object',
  required: ['status', 'reason', 'evidence'],
  additionalProperties: false,
  properties: {
    status: { enum: ['evidenced', 'partial', 'absent', 'unknown'] },
    reason: { type: 'string' },
    evidence: { type: 'array', items: { type: 'object', required: ['summary', 'location'], additionalProperties: false, properties: { summary: { type: 'string' }, location } } },
    settleWith: { type: 'string' },
  },
};

const CONTROL_IDS = ['clientAuthentication', 'endUserAuthentication', 'tokenIssuance', 'tokenBinding', 'fineGrainedAuthorization', 'rateLimiting', 'messageIntegrity', 'identityFederation', 'transportSecurity'];

/** The security-control matrix of an API (`apis[].controls`). */
export const CONTROLS_SCHEMA = {
  type: 'object',
  required: CONTROL_IDS,
  additionalProperties: false,
  properties: Object.fromEntries(CONTROL_IDS.map((id) => [id, control])),
};

export const REPORT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://api-maturity.dev/schema/report-1.0.json',
  title: 'api-maturity report',
  type: 'object',
  required: ['schemaVersion', 'tool', 'inputs', 'skipped', 'apis', 'findings', 'summary'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: '1.0' },
    tool: {
      type: 'object',
      required: ['name', 'version'],
      additionalProperties: false,
      properties: { name: { const: 'api-maturity' }, version: { type: 'string' } },
    },
    generatedAt: { type: 'string', format: 'date-time' },
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['file', 'kind', 'sha256', 'bytes'],
        additionalProperties: false,
        properties: {
          file: { type: 'string' },
          kind: inputKind,
          sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          bytes: { type: 'integer', minimum: 0 },
          referencedBy: { type: 'string' },
        },
      },
    },
    skipped: {
      type: 'array',
      items: { type: 'object', required: ['file', 'reason'], additionalProperties: false, properties: { file: { type: 'string' }, reason: { type: 'string' } } },
    },
    apis: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'sources', 'kinds', 'baseUrls', 'maturity', 'governance', 'operations', 'findings'],
        additionalProperties: false,
        properties: {
          ...API_IDENTITY,
          kinds: { type: 'array', items: inputKind },
          baseUrls: { type: 'array', items: { type: 'string' } },
          maturity: {
            type: 'object',
            required: ['level', 'label', 'described', 'authenticatedLevel', 'ceiling', 'evidence', 'unmet'],
            additionalProperties: false,
            properties: {
              level,
              label: { enum: ['none', 'api-key', 'bearer', 'sender-constrained', 'fapi'] },
              sublevel: { type: 'string', pattern: '^[0-4][ab]$' },
              described: { type: 'boolean' },
              authenticatedLevel: { anyOf: [level, { type: 'null' }] },
              ceiling: level,
              binding: { enum: ['mtls', 'dpop', 'mixed'] },
              evidence: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['kind', 'source', 'confidence', 'summary', 'location'],
                  additionalProperties: false,
                  properties: {
                    kind: { enum: ['declared', 'configured', 'observed'] },
                    source: inputKind,
                    confidence: { enum: ['low', 'medium', 'high'] },
                    summary: { type: 'string' },
                    location,
                  },
                },
              },
              unmet: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['level', 'requirement', 'title', 'role', 'status', 'reason', 'remediation', 'operations', 'operationCount', 'locations'],
                  additionalProperties: false,
                  properties: {
                    level,
                    requirement: { type: 'string', pattern: '^R[1-4]\\.[0-9]+$' },
                    title: { type: 'string' },
                    role: { enum: ['gate', 'grade', 'advisory'] },
                    status: { enum: ['fails', 'unknown', 'n/a'] },
                    reason: { type: 'string' },
                    settleWith: { type: 'string' },
                    remediation: { type: 'string' },
                    operations: { type: 'array', items: { type: 'string' } },
                    operationCount: { type: 'integer', minimum: 0 },
                    locations: { type: 'array', items: location },
                  },
                },
              },
              nextStep: {
                type: 'object',
                required: ['level', 'requirement', 'title', 'remediation'],
                additionalProperties: false,
                properties: { level, requirement: { type: 'string' }, title: { type: 'string' }, remediation: { type: 'string' } },
              },
              fapi,
            },
          },
          governance,
          operations: {
            type: 'array',
            items: {
              type: 'object',
              required: ['method', 'path', 'level', 'label', 'ceiling', 'location'],
              additionalProperties: false,
              properties: {
                method: { type: 'string' },
                path: { type: 'string' },
                operationId: { type: 'string' },
                level,
                label: { type: 'string' },
                sublevel: { type: 'string' },
                ceiling: level,
                public: { enum: ['declared', 'auth-entry-point'] },
                location,
                observed,
              },
            },
          },
          findings: { type: 'array', items: finding },
          credentials: { type: 'array', items: CREDENTIAL_SCHEMA },
          controls: CONTROLS_SCHEMA,
        },
      },
    },
    findings: { type: 'array', items: finding },
    config: { type: 'object', required: ['file'], additionalProperties: false, properties: { file: { type: 'string' } } },
    exceptions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['api', 'reason', 'owner', 'expires', 'status', 'apis', 'findings'],
        additionalProperties: false,
        properties: {
          api: { type: 'string' },
          rule: { type: 'string' },
          reason: { type: 'string' },
          owner: { type: 'string' },
          expires: { type: 'string' },
          status: { enum: ['active', 'expired'] },
          apis: { type: 'array', items: { type: 'string' } },
          findings: { type: 'integer', minimum: 0 },
        },
      },
    },
    baseline: {
      type: 'object',
      required: ['file', 'baselined', 'fixed'],
      additionalProperties: false,
      properties: {
        file: { type: 'string' },
        baselined: { type: 'integer', minimum: 0 },
        fixed: {
          type: 'array',
          items: {
            type: 'object',
            required: ['fingerprint', 'ruleId', 'file', 'pointer', 'message'],
            additionalProperties: false,
            properties: { fingerprint: { type: 'string' }, ruleId: { type: 'string' }, apiId: { type: 'string' }, file: { type: 'string' }, pointer: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
    summary: {
      type: 'object',
      required: ['apis', 'operations', 'byLevel', 'bySeverity', 'byOwasp', 'findings', 'suppressed'],
      additionalProperties: false,
      properties: {
        apis: { type: 'integer', minimum: 0 },
        operations: { type: 'integer', minimum: 0 },
        byLevel: { type: 'object', required: ['0', '1', '2', '3', '4'], additionalProperties: { type: 'integer', minimum: 0 } },
        bySeverity: { type: 'object', required: ['info', 'low', 'medium', 'high', 'critical'], additionalProperties: { type: 'integer', minimum: 0 } },
        byOwasp: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
        findings: { type: 'integer', minimum: 0 },
        suppressed: { type: 'integer', minimum: 0 },
      },
    },
  },
} as const;

/** JSON Schema of `api-maturity inventory --format json`: per API its credential paths and control matrix. */
export const INVENTORY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://api-maturity.dev/schema/inventory-1.0.json',
  title: 'api-maturity credential inventory',
  type: 'object',
  required: ['schemaVersion', 'tool', 'apis'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: '1.0' },
    tool: REPORT_SCHEMA.properties.tool,
    generatedAt: { type: 'string', format: 'date-time' },
    apis: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'sources', 'credentials'],
        additionalProperties: false,
        properties: {
          ...API_IDENTITY,
          credentials: { type: 'array', items: CREDENTIAL_SCHEMA },
          controls: CONTROLS_SCHEMA,
        },
      },
    },
  },
} as const;
