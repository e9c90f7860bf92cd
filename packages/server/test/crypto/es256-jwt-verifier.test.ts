import { generateKeyPairSync, sign as signBytes, type KeyObject } from 'node:crypto';
import { SignJWT, type JWK } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createEs256JwtVerifier } from '../../src/crypto/es256-jwt-verifier.js';

/**
 * Threat: an access token that Tessera's keys did not sign passes the signature check — downgraded to
 * `alg: none`, signed with HMAC keyed by the published public key, signed by another key under our key id,
 * tampered after signing, or carrying a critical extension the check does not understand. Only ES256 by
 * one of our keys, over exactly the bytes presented, yields a payload (RFC 7515, RFC 8725 §3.1).
 */
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const CLAIMS = { sub: 'user-1', aud: 'app-1', sid: 'session-1' };
const newKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
/** A compact JWS signed as given, whatever the header or payload says (jose would refuse some of them). */
function signJws(privateKey: KeyObject, header: Record<string, unknown>, payload: unknown = CLAIMS): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signBytes('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

describe('the ES256 signature check of access tokens', () => {
  let ours: JWK;
  let sign: (header: Record<string, unknown>, payload?: unknown) => string;
  let verifyEs256Jwt: ReturnType<typeof createEs256JwtVerifier>;

  beforeAll(() => {
    const { privateKey, publicKey } = newKey();
    ours = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid: 'k1' };
    sign = (header, payload) => signJws(privateKey, { alg: 'ES256', ...header }, payload);
    verifyEs256Jwt = createEs256JwtVerifier([ours]);
  });

  test('a token signed by our key under its id yields its payload', () => {
    expect(verifyEs256Jwt(sign({ kid: 'k1', typ: 'JWT' }))).toEqual(CLAIMS);
  });

  test('alg none, with or without a signature, is refused', () => {
    const [, payload, signature] = (sign({ kid: 'k1' })).split('.');
    expect(verifyEs256Jwt(`${b64({ alg: 'none', kid: 'k1' })}.${payload}.`)).toBeUndefined();
    expect(verifyEs256Jwt(`${b64({ alg: 'none', kid: 'k1' })}.${payload}.${signature}`)).toBeUndefined();
  });

  test('HS256 keyed with the published public key is refused', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(ours));
    const confused = await new SignJWT(CLAIMS).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(secret);
    expect(verifyEs256Jwt(confused)).toBeUndefined();
  });

  test('another ES256 key under our key id, an unknown key id, or none at all is refused', () => {
    expect(verifyEs256Jwt(signJws(newKey().privateKey, { alg: 'ES256', kid: 'k1' }))).toBeUndefined();
    expect(verifyEs256Jwt(sign({ kid: 'k2' }))).toBeUndefined();
    expect(verifyEs256Jwt(sign({}))).toBeUndefined();
  });

  test('a payload or header changed after signing is refused', () => {
    const [header, , signature] = (sign({ kid: 'k1' })).split('.');
    expect(verifyEs256Jwt(`${header}.${b64({ ...CLAIMS, sub: 'user-2' })}.${signature}`)).toBeUndefined();
    const [, payload] = (sign({ kid: 'k1' })).split('.');
    expect(verifyEs256Jwt(`${b64({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })}.${payload}.${signature}`)).toBeUndefined();
  });

  test('a critical extension is refused even when signed', () => {
    expect(verifyEs256Jwt(sign({ kid: 'k1', crit: ['exp'] }))).toBeUndefined();
  });

  test('malformed tokens are refused: wrong part count, stray characters, a DER signature, a non-object payload', () => {
    const token = sign({ kid: 'k1' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(verifyEs256Jwt(`${token}.x`)).toBeUndefined();
    expect(verifyEs256Jwt(`${header}.${payload}.${signature}=`)).toBeUndefined();
    expect(verifyEs256Jwt(`${header}.${payload}.${Buffer.concat([Buffer.from([0x30, 0x44]), Buffer.from(signature, 'base64url')]).toString('base64url')}`)).toBeUndefined();
    expect(verifyEs256Jwt(sign({ kid: 'k1' }, ['sub', 'user-1']))).toBeUndefined();
    expect(verifyEs256Jwt('not.a.jwt')).toBeUndefined();
  });
});
