// Downstream TLS of a filter chain: TLS or plain text, client certificates (required and validated, optional, or
// accepted without chain validation), minimum protocol version, and private keys written inline.

import type { Evidence } from '../../model/types.js';
import type { View } from '../view.js';
import { dataSourceSecret, unwrap } from './filters.js';

export interface ChainTls {
  tls: boolean;
  clientCert: 'required' | 'optional' | 'untrusted' | 'none';
  /** `1.0` … `1.3`; Envoy's server default is TLS 1.2. */
  minTlsVersion?: string;
  /** Where the TLS context (or, for plain text, the chain) is. */
  at: View;
  secrets: Evidence[];
}

const VERSIONS: Record<string, string> = { TLSv1_0: '1.0', TLSv1_1: '1.1', TLSv1_2: '1.2', TLSv1_3: '1.3' };

export function chainTls(chain: View): ChainTls {
  const ts = chain.get('transport_socket');
  const tc = ts.get('typed_config');
  const { type, config } = unwrap(tc);
  const isTls = /DownstreamTlsContext$/.test(type) || (!type && /tls$/.test(ts.get('name').str() ?? '') && tc.present);
  // A chain that only matches plain-text connections (`transport_protocol: raw_buffer`) has no TLS either.
  if (!isTls) return { tls: false, clientCert: 'none', at: chain, secrets: [] };
  const common = config.get('common_tls_context');
  const secrets: Evidence[] = [];
  for (const c of common.get('tls_certificates').list()) {
    const s = dataSourceSecret('TLS private key', c.get('private_key'));
    if (s) secrets.push(s);
  }
  const vc = common.get('validation_context');
  const combined = common.get('combined_validation_context');
  const dflt = combined.get('default_validation_context');
  const hasValidation = vc.present || combined.present || common.has('validation_context_sds_secret_config') || common.has('validation_context_certificate_provider') || common.has('validation_context_certificate_provider_instance');
  const untrusted = [vc, dflt].some((v) => v.get('trust_chain_verification').str() === 'ACCEPT_UNTRUSTED');
  // An inline validation context needs a trust anchor (or pinned hashes) to validate anything.
  const anchored = (v: View) => v.has('trusted_ca') || v.has('verify_certificate_hash') || v.has('verify_certificate_spki') || v.has('custom_validator_config');
  const validated = hasValidation && !untrusted && (!vc.present || anchored(vc)) && (!combined.present || anchored(dflt) || combined.has('validation_context_sds_secret_config'));
  const require = config.get('require_client_certificate').bool() === true;
  let clientCert: ChainTls['clientCert'] = 'none';
  if (hasValidation || require) clientCert = !validated ? 'untrusted' : require ? 'required' : 'optional';
  const minV = common.at('tls_params', 'tls_minimum_protocol_version').str();
  const out: ChainTls = { tls: true, clientCert, at: tc, secrets, minTlsVersion: (minV && VERSIONS[minV]) || '1.2' };
  return out;
}
