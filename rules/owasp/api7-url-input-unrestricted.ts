import type { Rule } from '../../src/model/rule.js';
import type { Loc } from '../../src/model/types.js';
import { words } from '../lib/names.js';
import { describedOps } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { isEnumerated, schemaIndex, type View } from '../lib/schema.js';

const URL_WORDS = new Set(['url', 'uri', 'urls', 'uris', 'href', 'callback', 'webhook', 'redirect', 'endpoint', 'link']);
const URL_FORMATS = new Set(['uri', 'url', 'iri', 'uri-reference', 'iri-reference']);

/** A name whose last word says it carries a URL (`callbackUrl`, `redirect_uri`, `webhook`), or `returnTo`-style names. */
function urlName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1] ?? '';
  if (URL_WORDS.has(last)) return last !== 'link' || w.length > 1;
  return /^(return|next|continue|success|cancel|failure|redirect)(to|url|uri)?$/.test(w.join('')) && w.length > 1;
}

/** Pages people read, not addresses the server fetches or redirects to: a support page, a privacy policy, a profile. */
const DISPLAY_WORDS = new Set(['support', 'homepage', 'website', 'privacy', 'policy', 'terms', 'tos', 'legal', 'documentation', 'docs', 'help', 'about', 'contact', 'blog', 'twitter', 'facebook', 'linkedin', 'instagram', 'youtube', 'tiktok', 'social', 'marketing']);
/** Words that make any URL one the server acts on, whatever else the name says. */
const ACTED_ON_WORDS = new Set(['callback', 'webhook', 'hook', 'redirect', 'return', 'next', 'continue', 'success', 'cancel', 'failure', 'endpoint', 'fetch', 'import', 'download', 'upload', 'image', 'avatar', 'logo', 'icon', 'proxy', 'target', 'source', 'feed', 'notify', 'notification']);

/** `support_url`, `privacyPolicyUrl`, `website`: a link shown to people, which the server neither fetches nor follows. */
function displayOnly(name: string): boolean {
  const w = words(name);
  return w.some((x) => DISPLAY_WORDS.has(x)) && !w.some((x) => ACTED_ON_WORDS.has(x));
}

/** A pattern that allow-lists hosts: anchored, with a literal host after the scheme. */
export function isAllowListPattern(p: string): boolean {
  const s = p.replace(/^\//, '');
  const m = /^\^(?:\(\?:)?https?\??(?::|\\:)?(?:\\\/|\/){2}(.*)$/.exec(s) ?? /^\^https\?\??:\\?\/\\?\/(.*)$/.exec(s);
  if (!m) return false;
  return /^(\(\?:)?\(?[a-z0-9]/i.test(m[1]!) && /\\\./.test(m[1]!);
}

function unrestricted(v: View | undefined): boolean {
  if (!v) return true;
  if (isEnumerated(v)) return false;
  if (v.types.size && !v.types.has('string')) return false;
  return !(v.pattern && isAllowListPattern(v.pattern));
}

export const rule: Rule = {
  meta: {
    id: 'api7-url-input-unrestricted',
    title: 'URL input without an allow-list',
    description:
      'A request parameter or body property carries a URL the server may fetch or redirect to — its name says so (`url`, `uri`, `callback`, `webhook`, `redirect`, `returnTo`, …) or it has `format: uri` — and no `enum` or anchored `pattern` limits it to known hosts. Path parameters (object names), a query parameter named just `callback` (a JSONP function name), and links shown to people (`support_url`, `privacy_policy_url`, `website`: no word of a callback, redirect, webhook or fetched image) are not judged. Server-side request forgery (the server fetches an internal address) or an open redirect follows. Response-only properties are not judged.',
    severity: 'medium',
    owasp: ['API7:2023'],
    confidence: 'low',
    remediation: 'Restrict the URL to known destinations — `pattern: "^https://(hooks\\.example\\.com|partner\\.example\\.org)/"` or an `enum` — and validate it on the server: resolve the host, refuse private, loopback and link-local addresses, do not follow redirects.',
    supersedes: ['owasp:api7:2023-concerning-url-parameter'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/paths/~1fetch/get/parameters/0' },
        { file: 'fail.yaml', pointer: '/components/schemas/Hook/properties/target' },
        { file: 'fail.yaml', pointer: '/components/schemas/Hook/properties/supportWebhookUrl' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ label: string; name: string; param: boolean }>();
    const consider = (name: string, node: unknown, loc: Loc, ops: () => Iterable<string>, label: string, param: boolean, valueLoc?: Loc) => {
      const c = node === undefined ? undefined : idx.view(node, valueLoc ?? loc);
      const byFormat = c?.view.format !== undefined && URL_FORMATS.has(c.view.format.toLowerCase());
      if (!byFormat && !urlName(name)) return;
      if (displayOnly(name) || !unrestricted(c?.view)) return;
      g.add(loc, ops(), () => ({ label, name, param }));
    };
    for (const op of describedOps(ctx.api)) {
      for (const p of op.parameters) {
        if (p.in === 'formData' && !p.schema) continue;
        // A path segment names an object (`/webhook_endpoints/{webhook_endpoint}`), it cannot carry a URL; a query
        // parameter called just `callback` is a JSONP function name.
        if (p.in === 'path' || (p.in === 'query' && p.name.toLowerCase() === 'callback')) continue;
        consider(p.name, p.schema?.node, p.loc, () => [op.key], `${p.in} parameter '${p.name}'`, true, p.schema?.loc);
      }
    }
    for (const n of idx.nodes) {
      if (!n.via.has('body') && !n.via.has('library')) continue;
      for (const p of n.view.props) consider(p.name, p.node, p.loc, () => idx.opsOf(n, 'request'), `${n.label}.${p.name}`, false);
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.label} takes a URL with no allow-list (${opsPhrase(ops)})`,
      remediation: `Limit '${data.name}' to known destinations: \`${data.param ? `schema: ` : `${data.name}: `}{type: string, format: uri, maxLength: 2048, pattern: "^https://(hooks\\\\.example\\\\.com)/"}\` (or an \`enum\`), and on the server refuse private, loopback and link-local addresses and do not follow redirects.`,
    }));
  },
};
