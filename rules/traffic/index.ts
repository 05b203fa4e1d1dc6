import type { Rule } from '../../src/model/rule.js';
import { rule as credentialInUrl } from './api2-observed-credential-in-url.js';
import { rule as plaintext } from './api2-observed-plaintext-credential.js';
import { rule as longLived } from './api2-observed-long-lived-token.js';
import { rule as weakAlg } from './api2-observed-weak-token-alg.js';
import { rule as notValidated } from './api2-observed-token-not-validated.js';
import { rule as binding } from './api2-observed-binding-not-enforced.js';
import { rule as sensitive } from './api3-observed-sensitive-data.js';
import { rule as verbose } from './api8-observed-verbose-error.js';
import { rule as cors } from './api8-observed-cors-credentials.js';
import { rule as hsts } from './api8-observed-missing-hsts.js';
import { rule as rateLimit } from './api4-observed-no-rate-limit.js';
import { rule as enumeration } from './api1-observed-id-enumeration.js';

/** Rules on what captured traffic (HAR, access logs) shows. */
export const traffic: Rule[] = [credentialInUrl, plaintext, longLived, weakAlg, notValidated, binding, sensitive, verbose, cors, hsts, rateLimit, enumeration];
