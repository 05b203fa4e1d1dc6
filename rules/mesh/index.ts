import type { Rule } from '../../src/model/rule.js';
import { rule as authzFailOpen } from './api2-authz-fail-open.js';
import { rule as clientCertOptional } from './api2-client-cert-optional.js';
import { rule as rateLimitNotEnforced } from './api4-rate-limit-not-enforced.js';
import { rule as authorizationShadowOnly } from './api5-authorization-shadow-only.js';
import { rule as meshMtlsNotStrict } from './api8-mesh-mtls-not-strict.js';
import { rule as xfccSpoofable } from './api8-xfcc-spoofable.js';

/** Rules about proxies and service meshes (Envoy, Istio, Gateway API implementations): fail-open checks, dry-run policies, mTLS. */
export const mesh: Rule[] = [authzFailOpen, clientCertOptional, rateLimitNotEnforced, authorizationShadowOnly, meshMtlsNotStrict, xfccSpoofable];
