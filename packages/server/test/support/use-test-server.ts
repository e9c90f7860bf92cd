import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from './test-server.js';

type StartOptions = NonNullable<Parameters<typeof startTestServer>[0]>;

/**
 * What a test file reads from its server: `server` can be taken at load time (it forwards to the server
 * once started), the values `prepare` answered are read as `fixture.<name>` inside tests and hooks.
 */
export type TestServerFixture<Prepared extends object> = { readonly server: TestServer } & Readonly<Prepared>;

/**
 * The one preamble of a test file (or describe block) that needs a running Tessera: starts it in
 * beforeAll — with the options, or the options a function answers then (e.g. the URL of a receiver a
 * previous beforeAll started) — runs `prepare` (sign a user up, enroll a factor…), and closes the server
 * in afterAll.
 *
 *   const { server } = useTestServer();
 *   const fixture = useTestServer({}, async (server) => ({ user: await signUpAndSignIn(server) }));
 */
export function useTestServer<Prepared extends object = object>(
  options: StartOptions | (() => StartOptions | Promise<StartOptions>) = {},
  prepare?: (server: TestServer) => Promise<Prepared>,
): TestServerFixture<Prepared> {
  let started: TestServer | undefined;
  let prepared: Prepared | undefined;
  beforeAll(async () => {
    started = await startTestServer(typeof options === 'function' ? await options() : options);
    prepared = prepare ? await prepare(started) : undefined;
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
    prepared = undefined;
  });

  const current = (): TestServer => {
    if (!started) throw new Error('useTestServer: the server is read before its beforeAll ran (or after afterAll)');
    return started;
  };
  // Forwards every property to the running server, so `server.url`, `api(server, …)` and
  // `server.clock.advanceSeconds(…)` read the live one.
  const server = new Proxy({} as TestServer, {
    get: (_target, property) => Reflect.get(current(), property),
    set: (_target, property, value) => Reflect.set(current(), property, value),
    has: (_target, property) => Reflect.has(current(), property),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_target, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), property);
      return descriptor && { ...descriptor, configurable: true };
    },
  });

  return new Proxy({ server } as TestServerFixture<Prepared>, {
    get(target, property) {
      if (property === 'server') return target.server;
      if (!started) throw new Error(`useTestServer: "${String(property)}" is read before its beforeAll ran`);
      return prepared ? Reflect.get(prepared, property) : undefined;
    },
  });
}
