import type { Rule } from '../../src/model/rule.js';
import { rule as api1NumericObjectId } from './api1-numeric-object-id.js';
import { rule as api1ObjectIdUnscoped } from './api1-object-id-unscoped.js';
import { rule as api2BroadScope } from './api2-broad-scope.js';
import { rule as api2CredentialInUrl } from './api2-credential-in-url.js';
import { rule as api2JwtRfc8725 } from './api2-jwt-rfc8725.js';
import { rule as api2OauthNoRefreshUrl } from './api2-oauth-no-refresh-url.js';
import { rule as api2OauthNoScopes } from './api2-oauth-no-scopes.js';
import { rule as api2SingleScope } from './api2-single-scope.js';
import { rule as api2WriteAcceptsReadScope } from './api2-write-accepts-read-scope.js';
import { rule as api3MassAssignment } from './api3-mass-assignment.js';
import { rule as api3OpenRequestSchema } from './api3-open-request-schema.js';
import { rule as api3SensitiveResponseProperty } from './api3-sensitive-response-property.js';
import { rule as api4429NoRetryAfter } from './api4-429-no-retry-after.js';
import { rule as api4NoPagination } from './api4-no-pagination.js';
import { rule as api4RateLimitUndeclared } from './api4-rate-limit-undeclared.js';
import { rule as api4UnboundedArray } from './api4-unbounded-array.js';
import { rule as api4UnboundedInteger } from './api4-unbounded-integer.js';
import { rule as api4UnboundedString } from './api4-unbounded-string.js';
import { rule as api5DeleteSharesReadScope } from './api5-delete-shares-read-scope.js';
import { rule as api6SensitiveFlowUnprotected } from './api6-sensitive-flow-unprotected.js';
import { rule as api7UrlInputUnrestricted } from './api7-url-input-unrestricted.js';
import { rule as api8CorsDeclaredWildcard } from './api8-cors-declared-wildcard.js';
import { rule as api8CorsUndeclared } from './api8-cors-undeclared.js';
import { rule as api8HstsUndeclared } from './api8-hsts-undeclared.js';
import { rule as api8ErrorResponsesUndeclared } from './api8-error-responses-undeclared.js';
import { rule as api8VerboseErrorSchema } from './api8-verbose-error-schema.js';
import { rule as api9DeprecatedOperation } from './api9-deprecated-operation.js';
import { rule as api9NonProductionServer } from './api9-non-production-server.js';
import { rule as api9ServerEnvironmentUndeclared } from './api9-server-environment-undeclared.js';
import { rule as api9UnversionedApi } from './api9-unversioned-api.js';
import { rule as api10CallbackUnsecured } from './api10-callback-unsecured.js';
import { rule as api10ThirdPartyHttp } from './api10-third-party-http.js';

/** OWASP API Security Top 10 (2023) rules beyond the core: schemas, scopes, business flows, inventory, consumption. */
export const owasp: Rule[] = [
  api1NumericObjectId,
  api1ObjectIdUnscoped,
  api2BroadScope,
  api2CredentialInUrl,
  api2JwtRfc8725,
  api2OauthNoRefreshUrl,
  api2OauthNoScopes,
  api2SingleScope,
  api2WriteAcceptsReadScope,
  api3MassAssignment,
  api3OpenRequestSchema,
  api3SensitiveResponseProperty,
  api4429NoRetryAfter,
  api4NoPagination,
  api4RateLimitUndeclared,
  api4UnboundedArray,
  api4UnboundedInteger,
  api4UnboundedString,
  api5DeleteSharesReadScope,
  api6SensitiveFlowUnprotected,
  api7UrlInputUnrestricted,
  api8CorsDeclaredWildcard,
  api8CorsUndeclared,
  api8HstsUndeclared,
  api8ErrorResponsesUndeclared,
  api8VerboseErrorSchema,
  api9DeprecatedOperation,
  api9NonProductionServer,
  api9ServerEnvironmentUndeclared,
  api9UnversionedApi,
  api10CallbackUnsecured,
  api10ThirdPartyHttp,
];
