import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Multipart, MultipartFile } from '@fastify/multipart';

/** The `_csrf` field of a multipart form, once read, for the token check to find. */
const fieldTokens = new WeakMap<FastifyRequest, string>();

export function multipartFieldToken(request: FastifyRequest): string | undefined {
  return fieldTokens.get(request);
}

/**
 * A multipart form carries its CSRF token as a field (the form's first), never in its URL, where
 * access logs and the address bar would keep it. The body is read by the route, so the check runs
 * as the route reads it: the token must come before any file, so a forged upload is refused before
 * a byte of it is read, and a form that never sends one fails when its parts end, before the route
 * has acted on them. `file()` and `files()` read through the same check.
 */
export function checkTokenWhileReading(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): void {
  const read = request.parts.bind(request);
  const verify = (token: string | undefined) => {
    if (token !== undefined) fieldTokens.set(request, token);
    return verifyToken(app, request, reply);
  };
  request.parts = (options) => checkedParts(read(options), verify);
  request.file = async (options) => {
    for await (const part of request.parts(options)) if (part.type === 'file') return part;
    return undefined;
  };
  request.files = async function* (options): AsyncIterableIterator<MultipartFile> {
    for await (const part of request.parts(options)) if (part.type === 'file') yield part;
  };
}

async function* checkedParts(parts: AsyncIterableIterator<Multipart>, verify: (token: string | undefined) => Promise<void>): AsyncIterableIterator<Multipart> {
  let checked = false;
  for await (const part of parts) {
    if (!checked) {
      if (part.type === 'field' && part.fieldname === '_csrf') {
        await verify(typeof part.value === 'string' ? part.value : undefined);
        checked = true;
      } else if (part.type === 'file') {
        part.file.resume();
        await verify(undefined);
      }
    }
    yield part;
  }
  if (!checked) await verify(undefined);
}

/** The plugin's own check; the failure it would answer becomes an error thrown where the form is read. */
function verifyToken(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  return new Promise((resolve, reject) => {
    const answer = Object.create(reply, { send: { value: (error: Error) => reject(error) } }) as FastifyReply;
    app.csrfProtection(request, answer, () => resolve());
  });
}
