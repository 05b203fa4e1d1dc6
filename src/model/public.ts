// Authentication entry points: operations a client must be able to call before it holds a credential.
// They are listed as public (level 0, reason `auth-entry-point`) and do not pull an API's level down (MATURITY.md).

const WELL_KNOWN = /(^|\/)\.well-known(\/|$)/i;
const KEYS = /(^|\/)(jwks(\.json)?|certs|keys\.json)$/i;

/** Last segments that name an entry point wherever they appear. */
const STRONG = new Set([
  'authorize',
  'login',
  'log-in',
  'log_in',
  'signin',
  'sign-in',
  'sign_in',
  'logon',
  'signup',
  'sign-up',
  'sign_up',
  'forgot-password',
  'forgot_password',
  'forgotpassword',
  'forget-password',
  'forgetpassword',
  'reset-password',
  'reset_password',
  'resetpassword',
  'password-reset',
  'password_reset',
  'recover-password',
  'device_authorization',
  'login-with-token',
  'check-otp',
  'verify-otp',
  'verify_otp',
  'send-otp',
  'validate-otp',
]);
/** Last segments that name an entry point only under an authentication path (`/auth`, `/oauth2`, `/users`, …). */
const WEAK = new Set(['token', 'tokens', 'revoke', 'introspect', 'par', 'register', 'registration', 'otp', 'verify-email', 'verify_email', 'forgot', 'reset', 'refresh-token', 'refresh_token', 'authorization', 'code']);
const AUTH_CONTEXT = /^(auth|authn|authentication|oauth|oauth2|openid|oidc|connect|identity|idp|sso|iam|login|session|sessions|users?|accounts?|customers?|members?|password|passwords)$/i;
const ENTRY_SUMMARY =
  /^\s*(the\s+)?(user\s+|customer\s+)?(log ?in|login|sign ?in|sign ?on|sign ?up|signup|register( a)?( new)? (user|account|customer)|create (an? )?(user )?account|forgot(ten)? password|reset (the |your |a )?password|request (a )?password reset|(verify|validate|check|send|resend) (the |an? )?(otp|one[- ]time (password|code)|verification code)|(obtain|get|request|exchange|issue|create) (an? )?(access |oauth )?token)\b/i;
const ENTRY_IDS = /^(log_?in|sign_?in|sign_?up|register(_?user)?|user_?(log_?in|sign_?in|sign_?up|register)|forgot_?password|reset_?password|(verify|validate|send|check)_?otp|authenticate|get_?(access_?)?token|create_?(access_?)?token|refresh_?token|oauth_?token|token)$/i;

function segmentsOf(path: string): string[] {
  return path
    .replace(/[#?].*$/, '')
    .split('/')
    .filter((s) => s && !/^\{.*\}$/.test(s) && !/^:/.test(s) && !/^v\d+(\.\d+)*$/i.test(s) && s !== 'api')
    .map((s) => s.toLowerCase());
}

/** True when an operation is an authentication entry point (authorize, token, login, sign-up, password reset, OTP, discovery, JWKS). */
export function isAuthEntryPoint(method: string, path: string, operationId?: string, summary?: string): boolean {
  const m = method.toLowerCase();
  const segs = segmentsOf(path);
  const last = segs[segs.length - 1] ?? '';
  const context = segs.slice(0, -1).some((s) => AUTH_CONTEXT.test(s));
  if (m === 'get' || m === 'head') {
    if (WELL_KNOWN.test(path) || KEYS.test(path)) return true;
    return last === 'authorize' || (last === 'authorization' && context) || last === 'login' || last === 'signin' || last === 'sign-in';
  }
  if (m !== 'post' && m !== 'put') return false;
  if (STRONG.has(last)) return true;
  if (WEAK.has(last) && context) return true;
  if (segs.length === 1 && WEAK.has(last) && last !== 'code') return true;
  if (operationId && ENTRY_IDS.test(operationId.replace(/[-\s.]/g, '_'))) return true;
  return summary !== undefined && ENTRY_SUMMARY.test(summary) && !segs.some((s) => s === 'admin');
}
