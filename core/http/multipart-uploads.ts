import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { fastifyMultipart, type FastifyMultipartOptions } from '@fastify/multipart';

type CleanupHook = (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Its `onRequest` and `onResponse` hooks only clean up files a multipart request saved to disk,
 * yet as async hooks they cost every request (pages included) two promises and a `close`
 * listener. A request without a Content-Type is never parsed as multipart (fastify only runs a
 * body parser for the type the request declares), so it can have saved nothing: those skip them.
 */
function onlyWithBody(hook: CleanupHook) {
  return function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (request.headers['content-type'] === undefined) return done();
    hook.call(this, request, reply).then(() => done(), done);
  };
}

/**
 * @fastify/multipart on the whole app (every route reads or refuses uploads the same way), its
 * clean-up hooks run only for requests that have a body.
 */
export function multipartUploads(app: FastifyInstance, options: FastifyMultipartOptions): Promise<void> {
  // The plugin sees the app through this object: everything but addHook is the app's own.
  const view = Object.create(app) as FastifyInstance;
  const addHook = (name: string, hook: CleanupHook) =>
    name === 'onRequest' || name === 'onResponse'
      ? (app.addHook as (n: string, h: unknown) => FastifyInstance)(name, onlyWithBody(hook))
      : (app.addHook as (n: string, h: unknown) => FastifyInstance)(name, hook);
  Object.defineProperty(view, 'addHook', { value: addHook });
  return new Promise((resolve, reject) => {
    fastifyMultipart(view, options, (err?: Error) => (err ? reject(err) : resolve()));
  });
}
