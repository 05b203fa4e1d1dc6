// JWTs seen in traffic, decoded without verification (their claims are evidence, not trust), and the pieces of
// RFC 7515/7638/9449 needed to check a DPoP proof: signature with the embedded key, JWK thumbprint, `ath`.

import { createHash, createPublicKey, verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import { get, isObj, type Obj } from '../../model/util.js';

const B64URL = /^[A-Za-z0-9_-]*$/;
const MAX_TOKEN = 16 * 1024;

export interface Jws {
  header: Obj;
  payload: Obj;
  /** `header.payload` as sent (the signing input). */
  signingInput: string;
  signature: Buffer;
}

export function b64urlDecode(s: string): Buffer | undefined {
  if (!B64URL.test(s)) return undefined;
  return Buffer.from(s, 'base64url');
}

export function b64url(b: Buffer): string {
  return b.toString('base64url');
}

/** A compact JWS whose header and payload are JSON objects, or undefined (opaque token). */
export function decodeJws(token: string): Jws | undefined {
  if (token.length > MAX_TOKEN) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const hb = b64urlDecode(h);
  const pb = b64urlDecode(p);
  const sb = b64urlDecode(s);
  if (!hb || !pb || !sb) return undefined;
  try {
    const header = JSON.parse(hb.toString('utf8')) as unknown;
    const payload = JSON.parse(pb.toString('utf8')) as unknown;
    if (!isObj(header) || !isObj(payload)) return undefined;
    return { header, payload, signingInput: `${h}.${p}`, signature: sb };
  } catch {
    return undefined;
  }
}

export function num(o: Obj, k: string): number | undefined {
  const v = get(o, k);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function audiences(o: Obj): string[] | undefined {
  const a = get(o, 'aud');
  if (typeof a === 'string') return [a];
  if (Array.isArray(a)) return a.filter((x): x is string => typeof x === 'string').slice(0, 5);
  return undefined;
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of a public key, or undefined when its members are missing. */
export function jwkThumbprint(jwk: Obj): string | undefined {
  const kty = get(jwk, 'kty');
  const members = kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : kty === 'RSA' ? ['e', 'kty', 'n'] : kty === 'OKP' ? ['crv', 'kty', 'x'] : undefined;
  if (!members) return undefined;
  const parts: string[] = [];
  for (const m of members) {
    const v = get(jwk, m);
    if (typeof v !== 'string') return undefined;
    parts.push(`${JSON.stringify(m)}:${JSON.stringify(v)}`);
  }
  return b64url(createHash('sha256').update(`{${parts.join(',')}}`).digest());
}

export const ASYMMETRIC_ALGS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'ES256K', 'EdDSA', 'Ed25519']);

/** Verifies a JWS signature with a public JWK; false for anything unsupported or malformed. */
export function verifyJws(jws: Jws, jwk: Obj): boolean {
  const alg = get(jws.header, 'alg');
  if (typeof alg !== 'string' || !ASYMMETRIC_ALGS.has(alg)) return false;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    return false;
  }
  const data = Buffer.from(jws.signingInput, 'ascii');
  try {
    if (alg === 'EdDSA' || alg === 'Ed25519') return cryptoVerify(null, data, key, jws.signature);
    const hash = `sha${alg.slice(-3)}`;
    if (alg.startsWith('ES')) return cryptoVerify(alg === 'ES256K' ? 'sha256' : hash, data, { key, dsaEncoding: 'ieee-p1363' }, jws.signature);
    if (alg.startsWith('PS')) return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, jws.signature);
    return cryptoVerify(hash, data, key, jws.signature);
  } catch {
    return false;
  }
}

/** `ath`: base64url(SHA-256(ASCII(access token))) (RFC 9449 §4.2). */
export function accessTokenHash(token: string): string {
  return b64url(createHash('sha256').update(token, 'ascii').digest());
}
