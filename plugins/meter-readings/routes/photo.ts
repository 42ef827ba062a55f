import type { FastifyInstance } from 'fastify';
import { type PluginRoutesContext, requireCustomer, sendStoredFile } from 'portal/sdk';
import { Reading } from '../entities.ts';
import { ownedMeter } from '../data/meters.ts';

type PhotoParams = { Params: { readingId: string } };

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * The photo a customer sent with a reading, to that customer only. Served as a download with the
 * type it was checked to have, so a browser never renders an upload as a page of this site.
 */
export function photoRoutes(app: FastifyInstance, ctx: PluginRoutesContext): void {
  app.get<PhotoParams>('/meter-readings/readings/:readingId/photo', { preHandler: requireCustomer }, async (request, reply) => {
    const id = Number(request.params.readingId);
    const reading = Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
      ? await request.em.findOne(Reading, { id, source: 'customer', photoPath: { $ne: null } })
      : null;
    const meter = reading ? await ownedMeter(request.em, reading.meterId, request.customer!.accounts.map((a) => a.id)) : null;
    const file = reading && meter ? await ctx.portal.files.get(request.tenant.id, reading.photoPath!) : null;
    if (!reading || !file) return reply.callNotFound();
    const type = reading.photoType && EXTENSIONS[reading.photoType] ? reading.photoType : 'application/octet-stream';
    reply
      .type(type)
      .header('content-disposition', `attachment; filename="lectura-${reading.id}.${EXTENSIONS[type] ?? 'bin'}"`)
      .header('cache-control', 'private, no-store');
    return sendStoredFile(reply, file);
  });
}
