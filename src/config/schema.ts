// JSON Schema of `.api-maturity.yaml` (validated with ajv; errors name the key and its line).

const severity = { enum: ['info', 'low', 'medium', 'high', 'critical'] };
const level = { anyOf: [{ type: 'integer', minimum: 0, maximum: 4 }, { enum: ['none', 'api-key', 'bearer', 'sender-constrained', 'fapi'] }] };
const sensitivity = { enum: ['public', 'internal', 'confidential', 'restricted'] };
const ruleId = { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' };

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://api-maturity.dev/schema/config-1.json',
  title: 'api-maturity configuration (.api-maturity.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    inputs: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'files and directories assessed when none are given on the command line' },
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        disable: { type: 'array', items: ruleId },
        severity: { type: 'object', propertyNames: ruleId, additionalProperties: severity },
        overrides: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: {
              files: { type: 'array', items: { type: 'string' }, description: 'globs on input file paths' },
              paths: { type: 'array', items: { type: 'string' }, description: 'globs on operation paths, e.g. /internal/**' },
              disable: { type: 'array', items: ruleId },
              severity: { type: 'object', propertyNames: ruleId, additionalProperties: severity },
            },
            anyOf: [{ required: ['files'] }, { required: ['paths'] }],
          },
        },
      },
    },
    public: {
      type: 'array',
      description: 'operations that are public on purpose: "GET /health", "/status/**", or {api, method, path}',
      items: {
        anyOf: [
          { type: 'string', minLength: 1 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            properties: { api: { type: 'string' }, method: { type: 'string' }, path: { type: 'string' }, reason: { type: 'string' } },
          },
        ],
      },
    },
    gates: {
      type: 'object',
      additionalProperties: false,
      properties: { failBelow: level, failOn: severity, failBelowTarget: { type: 'boolean' } },
    },
    authServers: {
      type: 'object',
      description: 'authorization-server issuer (or RFC 9728 resource) → API id or name glob, for metadata that no security scheme of the API names (like --as-map)',
      additionalProperties: { type: 'string' },
    },
    tokenLifetime: { type: 'integer', minimum: 1, description: 'seconds above which an access token counts as long-lived (default 3600)' },
    rulePacks: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'local paths of declarative rule packs' },
    sensitivity: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['api', 'class'],
        properties: { api: { type: 'string' }, class: sensitivity, reason: { type: 'string' } },
      },
    },
    targets: {
      type: 'object',
      additionalProperties: false,
      properties: { public: level, internal: level, confidential: level, restricted: level },
    },
    exceptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['api', 'reason', 'owner', 'expires'],
        properties: {
          api: { type: 'string', minLength: 1 },
          rule: ruleId,
          reason: { type: 'string', minLength: 1 },
          owner: { type: 'string', minLength: 1 },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
  },
} as const;
