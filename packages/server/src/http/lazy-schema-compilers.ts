import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

/**
 * fastify compiles every route's ajv validator and fast-json-stringify serializer when the app gets
 * ready: with the V3, V2, OIDC, management and page surfaces that left ~20 MiB of garbage and ~4 MiB of
 * live heap in the idle process (docs/performance.md), for routes many deployments never call. These
 * compilers are fastify's own (the same ajv options, the same shared schemas), but each route's schema is
 * compiled on its first use and then kept. Nothing else changes: the request is validated by the same ajv
 * code and the response serialized by its schema (a field the schema does not name is never sent).
 *
 * A schema that fails to compile would now fail on its route's first request instead of at boot:
 * `compileAll()` compiles everything still pending, and a test calls it so a broken schema fails the
 * suite, not a user's request.
 */
export interface LazySchemaCompilers {
  /** fastify's `schemaController.compilersFactory` option. */
  readonly compilersFactory: SchemaCompilerFactories;
  /** Compiles every schema not compiled yet; throws the first failure, naming its route. */
  compileAll(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles every route schema not compiled yet (tests: a broken schema fails there, not on a request). */
    compileAllSchemas(): void;
  }
}

/** ajv's validate function, as fastify's default validator compiler returns it. */
type AnyValidateFunction = ReturnType<ReturnType<ValidatorFactory>>;
type DataValidationCxt = Parameters<AnyValidateFunction>[1];
type Serializer = (document: unknown) => string;

/** The compilers that do the work, fastify's defaults unless a test counts their calls. */
export interface SchemaCompilerFactories {
  buildValidator: ValidatorFactory;
  buildSerializer: SerializerFactory;
}

export function createLazySchemaCompilers(
  compilers: SchemaCompilerFactories = { buildValidator: AjvCompiler(), buildSerializer: SerializerSelector() },
): LazySchemaCompilers {
  // Each not-yet-compiled schema's compile step, dropped once it has run.
  const pending = new Set<() => void>();

  const buildValidator: ValidatorFactory = (externalSchemas, options) => {
    // The ajv instance itself (formats, shared schemas) is built on the first compile too.
    let compile: ReturnType<ValidatorFactory> | undefined;
    return (route) => {
      // fastify lowercases a headers schema's names only for its default compiler, not for a custom
      // one like this: refuse at boot rather than let such a schema silently never match.
      if (route.httpPart === 'headers') throw new Error('headers schemas are not supported by the lazy schema compilers');
      return lazyValidator(() => (compile ??= compilers.buildValidator(externalSchemas, options))(route), routeName(route), pending);
    };
  };

  const buildSerializer: SerializerFactory = (externalSchemas, options) => {
    let compile: ReturnType<SerializerFactory> | undefined;
    return (route) => lazySerializer(() => (compile ??= compilers.buildSerializer(externalSchemas, options))(route), routeName(route), pending);
  };

  return {
    compilersFactory: { buildValidator, buildSerializer },
    compileAll: () => {
      for (const compile of [...pending]) compile();
    },
  };
}

function routeName(route: { method?: string; url?: string; httpPart?: string; httpStatus?: string }): string {
  return `${route.method ?? ''} ${route.url ?? ''} ${route.httpPart ?? `response ${route.httpStatus ?? ''}`}`;
}

/**
 * Stands in for ajv's validate function. fastify reads two of its properties: `schemaEnv` (to pass the
 * parent object, which lets ajv coerce a root value) and, after a failed call, `errors`.
 */
function lazyValidator(compile: () => AnyValidateFunction, name: string, pending: Set<() => void>): AnyValidateFunction {
  let validate: AnyValidateFunction | undefined;
  const compileNow = (): AnyValidateFunction => {
    if (!validate) {
      validate = compileNamed(compile, name);
      pending.delete(compileNow);
      Object.defineProperty(lazy, 'schemaEnv', { value: validate.schemaEnv });
    }
    return validate;
  };
  const lazy = ((data: unknown, dataContext?: DataValidationCxt) => {
    const compiled = validate ?? compileNow();
    const valid = compiled(data, dataContext);
    lazy.errors = compiled.errors;
    return valid;
  }) as AnyValidateFunction;
  Object.defineProperty(lazy, 'schemaEnv', { configurable: true, get: () => compileNow().schemaEnv });
  pending.add(compileNow);
  return lazy;
}

function lazySerializer(compile: () => Serializer, name: string, pending: Set<() => void>): Serializer {
  let serialize: Serializer | undefined;
  const compileNow = (): Serializer => {
    if (!serialize) {
      serialize = compileNamed(compile, name);
      pending.delete(compileNow);
    }
    return serialize;
  };
  pending.add(compileNow);
  return (document) => (serialize ?? compileNow())(document);
}

function compileNamed<T>(compile: () => T, name: string): T {
  try {
    return compile();
  } catch (error) {
    throw new Error(`the schema of ${name} does not compile: ${(error as Error).message}`, { cause: error });
  }
}
