import type { Rule } from '../../src/model/rule.js';
import { rule as anonymousFallback } from './api2-anonymous-fallback.js';
import { rule as credentialInUrl } from './api2-gateway-credential-in-url.js';
import { rule as secretInConfig } from './api2-secret-in-config.js';
import { rule as tokenNotBound } from './api2-token-not-bound.js';
import { rule as staticJwtSecret } from './api2-static-jwt-secret.js';
import { rule as tokenNotValidated } from './api2-token-not-validated.js';
import { rule as expiryNotChecked } from './api2-token-expiry-not-checked.js';
import { rule as bindingOptional } from './api2-binding-optional.js';
import { rule as apiKeyAsAuth } from './api2-api-key-as-auth.js';
import { rule as customAuthorizer } from './api2-custom-authorizer.js';
import { rule as deprecatedGrant } from './api2-gateway-deprecated-grant.js';
import { rule as noRateLimit } from './api4-no-rate-limit.js';
import { rule as corsWildcard } from './api8-cors-credentials-wildcard.js';
import { rule as plainHttpRoute } from './api8-plain-http-route.js';
import { rule as mtlsBypassable } from './api8-mtls-bypassable.js';
import { rule as weakTls } from './api8-weak-tls-policy.js';

/** Rules about what gateways and meshes enforce: configured authentication, limits, CORS, transport, secrets. */
export const gateway: Rule[] = [
  anonymousFallback,
  credentialInUrl,
  secretInConfig,
  tokenNotBound,
  staticJwtSecret,
  tokenNotValidated,
  expiryNotChecked,
  bindingOptional,
  apiKeyAsAuth,
  customAuthorizer,
  deprecatedGrant,
  noRateLimit,
  corsWildcard,
  plainHttpRoute,
  mtlsBypassable,
  weakTls,
];
