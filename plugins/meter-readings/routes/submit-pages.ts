import type { FastifyReply } from 'fastify';
import type { MeterState } from '../data/meter-state.ts';
import type { RequestContext } from './request-context.ts';
import type { PreviousReading } from '../domain/check-reading.ts';
import { meterView, registerLabel, windowView } from '../view-models/meter-view.ts';
import { formatDaily, formatLocalDate, formatNumber } from '../domain/format.ts';
import { PHOTO_ACCEPT } from '../photos/photos.ts';
import { megabytes } from './problem-messages.ts';

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  /** A message about the whole form (closed window, billed reading, date). */
  notice?: string;
  status?: number;
}

export const fieldName = (register: string) => `value-${register}`;

/** The reading form, or the notice that the window is closed and when the next one opens. */
export function renderForm(reply: FastifyReply, rc: RequestContext, state: MeterState, previous: Record<string, PreviousReading | undefined>, form: FormState) {
  const { settings, t } = rc;
  const meter = meterView(state.meter, settings, t);
  const fields = state.meter.registers.map((code) => {
    const before = previous[code];
    return {
      code,
      label: state.meter.registers.length > 1 ? t('form.valueOf', { register: registerLabel(code, t) }) : t('form.value'),
      name: fieldName(code),
      value: form.values[code] ?? '',
      error: form.errors[fieldName(code)] ?? null,
      hint: before
        ? t('form.previousHint', { value: formatNumber(before.value), unit: meter.unit, date: formatLocalDate(before.readOn), digits: state.meter.digits })
        : t('form.digitsHint', { digits: state.meter.digits }),
    };
  });
  return reply.page(
    'meter-readings/submit',
    {
      meter,
      window: windowView(state.window, state.submission, state.meter, t),
      fields,
      notice: form.notice ?? null,
      hasErrors: Object.keys(form.errors).length > 0,
      photo: settings.photo === 'off'
        ? null
        : {
            required: settings.photo === 'required',
            accept: PHOTO_ACCEPT,
            hint: t('form.photoHint', { max: megabytes(settings.photoMaxBytes) }),
            error: form.errors.photo ?? null,
            kept: state.submission.some((r) => r.photoPath),
          },
    },
    { title: 'meter-readings.form.title', section: 'meter-readings', status: form.status ?? 200 },
  );
}

/** The "yes, this is right" step for a reading far from the customer's usual consumption. */
export function renderConfirm(
  reply: FastifyReply,
  rc: RequestContext,
  state: MeterState,
  values: Record<string, string>,
  implied: { consumption: number | null; daily: number | null; usual: number | null },
  photoToken: string | null,
) {
  const { settings, t } = rc;
  const meter = meterView(state.meter, settings, t);
  return reply.page(
    'meter-readings/confirm',
    {
      meter,
      fields: state.meter.registers.map((code) => ({
        name: fieldName(code),
        value: values[code],
        label: state.meter.registers.length > 1 ? registerLabel(code, t) : t('form.value'),
        display: formatNumber(Number(values[code])),
      })),
      explanation: t('confirm.explanation', {
        consumption: formatNumber(implied.consumption ?? 0),
        unit: meter.unit,
        daily: formatDaily(implied.daily ?? 0),
        usual: formatDaily(implied.usual ?? 0),
      }),
      photoToken,
      // "Correct it" goes back to the form with what the customer typed, not an empty one.
      correctHref: `${meter.submitHref}?${new URLSearchParams(state.meter.registers.map((code) => [fieldName(code), values[code]]))}`,
    },
    { title: 'meter-readings.confirm.title', section: 'meter-readings' },
  );
}
