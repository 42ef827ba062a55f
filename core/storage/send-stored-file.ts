import type { FastifyReply } from 'fastify';
import type { FileContent } from './file-storage.ts';

/**
 * Streams a stored file as the reply body with its length: the portal never holds a download
 * whole in memory, and the browser can show progress. Callers set type and disposition first.
 */
export function sendStoredFile(reply: FastifyReply, file: FileContent) {
  return reply.header('content-length', file.size).send(file.stream);
}
