import AjvCompiler from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';
import { contentKey } from '../schema/content-key.ts';

type Compile = (route: { schema: unknown }) => unknown;
type Build<O> = (externalSchemas: unknown, options: O) => Compile;

/**
 * Fastify's own validator and serializer compilers (ajv, fast-json-stringify), but what they
 * compile is kept for the whole process, by content: every portal a process starts (tests start
 * hundreds) compiled every route's schemas again, a tenth of a boot's CPU. For
 * `Fastify({ schemaController: sharedSchemaCompilers })`.
 */
export const sharedSchemaCompilers: NonNullable<FastifyServerOptions['schemaController']> = {
  compilersFactory: {
    buildValidator: shared<{ customOptions?: { code?: unknown } }>(
      (externals, options) => AjvCompiler()(externals as never, options as never) as Compile,
      // With standalone code, fastify reads the ajv behind the compiler: that one stays its own.
      (options) => options?.customOptions?.code === undefined,
    ) as never,
    buildSerializer: shared<unknown>(
      (externals, options) => SerializerSelector()(externals as never, options as never) as Compile,
      () => true,
    ) as never,
  },
};

/**
 * Compilers built with the same external schemas and options share one underlying compiler and
 * what it compiled, by the route schema's text (compilers read nothing else of the route). A
 * schema with an `$id` of its own is compiled apart, as before: both libraries answer a second
 * schema of the same `$id` with the first one's compilation, which across portals could be
 * another version of it. So is anything the shared compiler refuses.
 */
function shared<O>(build: Build<O>, shareable: (options: O) => boolean): Build<O> {
  const pools = new Map<string, { compile: Compile; compiled: Map<string, unknown> }>();
  return (externals, options) => {
    const poolKey = shareable(options) ? contentKey([externals, options ?? {}]) : undefined;
    if (poolKey === undefined) return build(externals, options);
    let pool = pools.get(poolKey);
    if (!pool) pools.set(poolKey, (pool = { compile: build(externals, options), compiled: new Map() }));
    const { compile, compiled } = pool;
    let own: Compile | undefined;
    const apart = (route: { schema: unknown }) => (own ??= build(externals, options))(route);
    return (route) => {
      const key = hasId(route.schema) ? undefined : contentKey(route.schema);
      if (key === undefined) return apart(route);
      let done = compiled.get(key);
      if (done === undefined) {
        try {
          done = compile(route);
        } catch {
          return apart(route);
        }
        compiled.set(key, done);
      }
      return done;
    };
  };
}

function hasId(schema: unknown): boolean {
  return typeof schema === 'object' && schema !== null && '$id' in schema;
}
