import type { Locale } from 'portal/sdk';
import type { ServiceChoice } from '../data/services.ts';
import { localised, type TicketsSettings } from '../settings.ts';
import type { Translate } from '../i18n.ts';
import { attachField } from './attach-field.ts';

export interface OpenFormState {
  values: { service: string; category: string; subject: string; message: string };
  errors: { service?: string; category?: string; subject?: string; message?: string; attachments?: string[] };
  notice?: string;
}

export const EMPTY_OPEN_FORM: OpenFormState = { values: { service: '', category: '', subject: '', message: '' }, errors: {} };

/** How a service reads in the picker: the plan and where it is, enough to tell two apart. */
export function serviceLabel(s: { plan: string; address: string | null }): string {
  return s.address ? `${s.plan} · ${s.address}` : s.plan;
}

export function openFormView(settings: TicketsSettings, services: ServiceChoice[], state: OpenFormState, t: Translate, locale: Locale) {
  const accounts = [...new Set(services.map((s) => s.accountNumber))];
  return {
    services: services.length
      ? {
          required: settings.services.required,
          // Grouped by account only when there is more than one to tell apart.
          groups: accounts.map((number) => ({
            label: accounts.length > 1 ? t('form.account', { number }) : null,
            options: services
              .filter((s) => s.accountNumber === number)
              .map((s) => ({ value: String(s.id), label: serviceLabel(s), selected: state.values.service === String(s.id) })),
          })),
          error: state.errors.service ?? null,
        }
      : null,
    categories: settings.categories.map((c) => ({ value: c.id, label: localised(c.label, locale, c.id), selected: state.values.category === c.id })),
    values: state.values,
    errors: state.errors,
    notice: state.notice ?? null,
    hasErrors: Object.keys(state.errors).length > 0,
    attach: attachField(settings, t, locale, state.errors.attachments),
  };
}
