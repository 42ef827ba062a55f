import type { JobContext } from 'portal/sdk';
import { purgeHeldPhotos } from '../photos/photos.ts';

/** A photo waiting for a confirmation nobody gave within a day will not be claimed. */
const HOLD_MS = 24 * 3600 * 1000;

export async function purgeHeld(ctx: JobContext): Promise<number> {
  return purgeHeldPhotos(ctx.em, ctx.portal.files, ctx.tenant.id, HOLD_MS);
}
