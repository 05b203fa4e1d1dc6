import type { Rule } from '../../src/model/rule.js';
import { rule as noAuth } from './api2-no-auth.js';
import { rule as optionalAuth } from './api2-optional-auth.js';
import { rule as noAuthDescribed } from './api2-no-auth-described.js';
import { rule as keyInUrl } from './api2-key-in-url.js';
import { rule as httpBasic } from './api2-http-basic.js';
import { rule as deprecatedFlow } from './api2-deprecated-oauth-flow.js';
import { rule as plainHttp } from './api8-plain-http-server.js';
import { rule as adminUnprotected } from './api5-admin-unprotected.js';

/** The rules the maturity ladder relies on. */
export const core: Rule[] = [noAuth, optionalAuth, noAuthDescribed, keyInUrl, httpBasic, deprecatedFlow, plainHttp, adminUnprotected];
