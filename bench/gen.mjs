// Generates realistic OpenAPI 3.0 descriptions of any size (deterministic for the same arguments): resources with
// collection and item paths, path and query parameters, request bodies and responses with component schemas, and a mix of
// security (OAuth 2.0, API key, public health checks) so that every rule and the ladder have work to do.

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** An OpenAPI document with exactly `ops` operations. */
export function generateSpec(ops, seed = 1, title = `Generated API ${ops}`) {
  const r = rng(seed);
  const paths = {};
  const schemas = {};
  let n = 0;
  let i = 0;
  while (n < ops) {
    const res = `resource${i}`;
    const Name = `Resource${i}`;
    schemas[Name] = {
      type: 'object',
      required: ['id', 'name'],
      properties: {
        id: { type: 'string', format: 'uuid', readOnly: true },
        name: { type: 'string', maxLength: 200 },
        count: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000 },
        tags: { type: 'array', items: { type: 'string', maxLength: 50 }, maxItems: 20 },
        owner: { $ref: '#/components/schemas/Owner' },
        ...(r() < 0.3 ? { callbackUrl: { type: 'string', format: 'uri' } } : {}),
      },
    };
    schemas[`${Name}List`] = { type: 'object', properties: { items: { type: 'array', items: { $ref: `#/components/schemas/${Name}` } }, next: { type: 'string' } } };
    const sec = r() < 0.15 ? [{ apiKey: [] }] : r() < 0.05 ? [] : undefined;
    const op = (method, summary, extra) => {
      const o = { operationId: `${method}${Name}${n}`, summary, tags: [res], ...extra, responses: { ...(extra.responses ?? {}), '401': { $ref: '#/components/responses/Unauthorized' }, '429': { description: 'Too many requests', headers: { 'Retry-After': { schema: { type: 'integer' } } } } } };
      if (sec) o.security = sec;
      n++;
      return o;
    };
    const coll = {};
    const item = { parameters: [{ name: `${res}Id`, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }] };
    const want = Math.min(5, ops - n);
    const kinds = ['list', 'create', 'get', 'update', 'delete'].slice(0, want);
    for (const k of kinds) {
      if (k === 'list') coll.get = op('get', `List ${res}`, { parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } }, { name: 'cursor', in: 'query', schema: { type: 'string', maxLength: 100 } }], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${Name}List` } } } } } });
      if (k === 'create') coll.post = op('post', `Create ${res}`, { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${Name}` } } } }, responses: { '201': { description: 'created', content: { 'application/json': { schema: { $ref: `#/components/schemas/${Name}` } } } } } });
      if (k === 'get') item.get = op('get', `Get ${res}`, { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: `#/components/schemas/${Name}` } } } } } });
      if (k === 'update') item.patch = op('patch', `Update ${res}`, { requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${Name}` } } } }, responses: { '200': { description: 'ok' } } });
      if (k === 'delete') item.delete = op('delete', `Delete ${res}`, { responses: { '204': { description: 'deleted' } } });
    }
    const prefix = r() < 0.1 ? '/admin' : '';
    if (Object.keys(coll).length) paths[`${prefix}/${res}s`] = coll;
    if (Object.keys(item).length > 1) paths[`${prefix}/${res}s/{${res}Id}`] = item;
    i++;
  }
  schemas.Owner = { type: 'object', properties: { id: { type: 'string', maxLength: 64 }, email: { type: 'string', format: 'email' } } };
  return {
    openapi: '3.0.3',
    info: { title, version: '1.0.0' },
    servers: [{ url: 'https://api.example.com/v1' }],
    security: [{ oauth: ['read', 'write'] }],
    paths,
    components: {
      schemas,
      responses: { Unauthorized: { description: 'missing or invalid credentials' } },
      securitySchemes: {
        oauth: { type: 'oauth2', flows: { authorizationCode: { authorizationUrl: 'https://auth.example.com/authorize', tokenUrl: 'https://auth.example.com/token', refreshUrl: 'https://auth.example.com/token', scopes: { read: 'read', write: 'write' } } } },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}
