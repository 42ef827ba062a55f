import type { FastifyReply } from 'fastify';

/**
 * A file to save, never to render in the portal's origin; private because it holds the
 * customer's data. Names are built by the plugin from digits and dashes, so quoting is enough.
 */
export function sendDownload(reply: FastifyReply, filename: string, contentType: string, content: Buffer | string): FastifyReply {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.\-]/g, '_')}"`)
    .header('cache-control', 'private, no-store')
    .send(content);
}
