import type { FastifyRequest } from 'fastify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type PortalServices, claimSubmission, recordAnswer, type Submission } from 'portal/sdk';
import type { MeterState } from '../data/meter-state.ts';
import type { RequestContext } from './request-context.ts';
import { saveSubmission } from '../data/save-submission.ts';
import { claimHeldPhoto, savePhoto, type StoredPhoto } from '../photos/photos.ts';
import { meterView, registerLabel } from '../view-models/meter-view.ts';
import { formatLocalDate, formatNumber } from '../domain/format.ts';

export interface Accepted {
  values: Record<string, number>;
  confirmedImplausible: boolean;
  /** A photo sent now, or the key of one held during the confirmation step. */
  photo: { data: Buffer; mime: string } | { heldKey: string } | null;
  /** The form's one-time token: a resend of a form already saved saves nothing. */
  submission: Submission | null;
}

/**
 * Stores the reading and queues its confirmation email in one transaction. A new photo is written
 * first and removed again if the transaction fails, so no row ever points at a missing file; a held
 * photo is claimed inside the transaction.
 */
export async function acceptSubmission(
  request: FastifyRequest,
  portal: PortalServices,
  rc: RequestContext,
  state: MeterState,
  accepted: Accepted,
): Promise<boolean | { again: string }> {
  const tenantId = request.tenant.id;
  const fresh = accepted.photo && 'data' in accepted.photo ? await savePhoto(portal.files, tenantId, accepted.photo.data, accepted.photo.mime) : null;
  const email = request.customer!.email;
  let result;
  try {
    result = await request.em.transactional(async (tx) => {
      const again = await claimSubmission(tx, accepted.submission);
      if (again) return { again, saved: false, orphanedPhotos: [] as string[] };
      let photo: StoredPhoto | null = fresh;
      if (accepted.photo && 'heldKey' in accepted.photo) photo = await claimHeldPhoto(tx, tenantId, rc.customerId, accepted.photo.heldKey);
      const saved = await saveSubmission(tx, {
        tenantId,
        meterId: state.meter.id,
        windowKey: state.window.current!.key,
        readOn: state.window.today,
        values: accepted.values,
        customerId: rc.customerId,
        confirmedImplausible: accepted.confirmedImplausible,
        photo: photo ? { name: photo.key, mime: photo.mime } : null,
      });
      if (saved.saved && email) await queueReceipt(tx, request, portal, rc, state, accepted.values, email);
      if (saved.saved) {
        await recordAnswer(tx, accepted.submission, `/meter-readings/${state.meter.id}`);
        await portal.events.emit(request.tenant, tx, 'meter-readings.reading-submitted', {
          meterId: state.meter.id, windowKey: state.window.current!.key, readOn: state.window.today, values: accepted.values,
          customerId: rc.customerId, confirmedImplausible: accepted.confirmedImplausible, hasPhoto: Boolean(photo),
        });
      }
      return { ...saved, again: null };
    });
  } catch (err) {
    if (fresh) await portal.files.remove(tenantId, fresh.key);
    throw err;
  }
  if (!result.saved && fresh) await portal.files.remove(tenantId, fresh.key);
  for (const key of result.orphanedPhotos) await portal.files.remove(tenantId, key);
  return result.again ? { again: result.again } : result.saved;
}

function queueReceipt(
  tx: EntityManager,
  request: FastifyRequest,
  portal: PortalServices,
  rc: RequestContext,
  state: MeterState,
  values: Record<string, number>,
  to: string,
) {
  const meter = meterView(state.meter, rc.settings, rc.t);
  return portal.mail.queue(tx, {
    tenant: request.tenant,
    brand: request.brand,
    locale: request.locale,
    to,
    template: 'meter-readings/emails/reading-received',
    subject: 'meter-readings.mail.receivedSubject',
    subjectParams: { number: meter.number },
    data: {
      name: request.customer!.name,
      meter,
      date: formatLocalDate(state.window.today),
      closesOn: formatLocalDate(state.window.current!.lastDay),
      values: state.meter.registers
        .filter((code) => code in values)
        .map((code) => ({ label: meter.multiRegister ? registerLabel(code, rc.t) : null, value: formatNumber(values[code]) })),
      link: portal.links.absolute(request.tenant, meter.href, request.brand),
    },
  });
}
