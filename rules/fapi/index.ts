import type { Rule } from '../../src/model/rule.js';
import { rule as clientSecret } from './fapi-client-secret-offered.js';
import { rule as responseType } from './fapi-token-response-type.js';
import { rule as pkcePlain } from './fapi-pkce-plain.js';
import { rule as weakAlg } from './fapi-weak-signing-alg.js';
import { rule as rsa15 } from './fapi-rsa1-5-key-transport.js';
import { rule as introspection } from './api2-introspection-no-client-auth.js';

/**
 * Linked authorization-server metadata, strict reading (MATURITY.md, settled points): disallowed values offered beside
 * allowed ones are findings; the level-4 requirements themselves are scored in `src/score/metadata.ts`.
 */
export const fapi: Rule[] = [clientSecret, responseType, pkcePlain, weakAlg, rsa15, introspection];
