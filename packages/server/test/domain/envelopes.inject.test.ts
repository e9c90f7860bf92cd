/**
 * Each http surface is an encapsulated plugin with its own envelope, chosen by where the route is mounted,
 * never by reading the URL: V3 and V2 answer HTTP 200 with the business status inside, plain HTTP
 * elsewhere. Driven with fastify inject(): no socket.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openDomainHarness, type DomainHarness } from '../support/domain-harness.js';

let h: DomainHarness;
beforeAll(async () => {
  h = await openDomainHarness();
});
afterAll(() => h.close());

test('a V3 failure is HTTP 200 with the V3 envelope', async () => {
  const answer = await h.inject({ method: 'GET', url: '/api/v3/list-enrolled-factors', headers: { 'x-authing-app-id': h.app.id } });
  expect(answer.statusCode).toBe(200);
  expect(answer.json()).toMatchObject({ statusCode: 401, apiCode: expect.any(Number), requestId: expect.any(String) });
});

test('a V2 failure is HTTP 200 with the V2 envelope {code, message}', async () => {
  const answer = await h.inject({ method: 'POST', url: '/api/v2/mfa/totp/verify', headers: { 'x-authing-app-id': h.app.id }, payload: { totp: '123456' } });
  expect(answer.statusCode).toBe(200);
  const body = answer.json();
  expect(body).toMatchObject({ code: expect.any(Number), message: expect.any(String) });
  expect(body).not.toHaveProperty('statusCode');
});

test('an unknown V2 route answers in the V2 envelope too', async () => {
  const answer = await h.inject({ method: 'GET', url: '/api/v2/no-such-endpoint' });
  expect(answer.statusCode).toBe(200);
  expect(answer.json()).toMatchObject({ code: 46004 });
});

test('outside the API the HTTP status tells the truth', async () => {
  const answer = await h.inject({ method: 'GET', url: '/no-such-page' });
  expect(answer.statusCode).toBe(404);
  expect(answer.json()).toMatchObject({ statusCode: 404, apiCode: 46004 });
});
