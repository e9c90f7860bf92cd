import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, test } from 'vitest';
import { createLazySchemaCompilers } from '../../src/http/lazy-schema-compilers.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * Route schemas are compiled on a route's first request, not at boot (http/lazy-schema-compilers.ts:
 * compiling every surface's validators and serializers at boot cost ~16 MiB of the sign-in burst's peak). Two things must
 * hold: a schema that does not compile fails the suite rather than a user's first request, and a lazily
 * compiled route behaves exactly as fastify's eager default — same validation answers, and a response
 * field its schema does not name is never sent.
 */
const { server } = useTestServer();

test("every route's request and response schemas compile", () => {
  expect(() => server.server.app.compileAllSchemas()).not.toThrow();
});

/** A route with a closed body and a response schema that leaves one field of the handler's answer out. */
function tinyApp(compilers?: ReturnType<typeof createLazySchemaCompilers>): FastifyInstance {
  const app = Fastify({
    ...(compilers ? { schemaController: { compilersFactory: compilers.compilersFactory } } : {}),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  app.post(
    '/echo/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 4 } }, required: ['id'] },
        body: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false },
        response: { 200: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const { name } = request.body as { name: string };
      return { id, name, passwordHash: '$argon2id$secret' };
    },
  );
  return app;
}

const REQUESTS = [
  { url: '/echo/1', payload: { name: 'ada' } },
  { url: '/echo/1', payload: { name: 'ada', admin: true } },
  { url: '/echo/1', payload: { name: 7 } },
  { url: '/echo/12345', payload: { name: 'ada' } },
  { url: '/echo/1', payload: [] },
];

describe('lazily compiled schemas', () => {
  test("answer every request exactly as fastify's eagerly compiled ones, and never send an unnamed field", async () => {
    const eager = tinyApp();
    const lazy = tinyApp(createLazySchemaCompilers());
    for (const request of REQUESTS) {
      const [expected, actual] = await Promise.all(
        [eager, lazy].map((app) => app.inject({ method: 'POST', ...request })),
      );
      expect({ status: actual!.statusCode, body: actual!.json() }).toEqual({ status: expected!.statusCode, body: expected!.json() });
    }
    const answer = await lazy.inject({ method: 'POST', url: '/echo/1', payload: { name: 'ada' } });
    expect(answer.json()).toEqual({ id: '1', name: 'ada' });
    expect(answer.body).not.toContain('argon2');
  });

  test('are compiled on first use, once, not when the app gets ready', async () => {
    const compiled: string[] = [];
    const defaultValidators = AjvCompiler();
    const defaultSerializers = SerializerSelector();
    const compilers = createLazySchemaCompilers({
      buildValidator: (schemas, options) => (route) => {
        compiled.push(route.httpPart!);
        return defaultValidators(schemas, options)(route);
      },
      buildSerializer: (schemas, options) => (route) => {
        compiled.push(`response ${route.httpStatus}`);
        return defaultSerializers(schemas, options)(route);
      },
    });
    const app = tinyApp(compilers);
    await app.ready();
    expect(compiled).toEqual([]);
    await app.inject({ method: 'POST', url: '/echo/1', payload: { name: 'ada' } });
    await app.inject({ method: 'POST', url: '/echo/2', payload: { name: 'bob' } });
    expect(compiled.sort()).toEqual(['body', 'params', 'response 200']);
    compilers.compileAll();
    expect(compiled).toHaveLength(3);
  });

  test('name the route of a schema that does not compile', async () => {
    const compilers = createLazySchemaCompilers();
    const app = tinyApp(compilers);
    app.get('/broken', { schema: { response: { 200: { type: 'object', properties: { at: { $ref: '#/definitions/missing' } } } } } }, async () => ({}));
    await app.ready();
    expect(() => compilers.compileAll()).toThrow(/GET \/broken response 200/);
  });
});
