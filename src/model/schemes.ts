import type { SecurityScheme } from './types.js';

/** Google API Gateway / Cloud Endpoints: an `oauth2` implicit scheme with `x-google-issuer` is how JWT validation is declared, not an implicit flow. */
export function isGoogleJwt(s: SecurityScheme): boolean {
  return s.type === 'oauth2' && typeof s.extensions?.['x-google-issuer'] === 'string';
}
