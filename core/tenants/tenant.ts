import type { LocalizedText } from '../i18n/localized-text.ts';
import type { LocatedError } from '../schema/yaml-validate.ts';

/** Colours and fonts a tenant or brand shows; they reach CSS as custom properties. */
export interface Branding {
  logo?: string;
  colors: {
    primary: string;
    primaryText: string;
    accent: string;
    background: string;
    surface: string;
    text: string;
  };
  fonts: { body: string; heading: string };
}

export interface OfficeHours {
  /** Who or what is open, when: "Lunes a viernes", or one text per language. */
  days: LocalizedText;
  from: string;
  to: string;
}

export interface Contact {
  phone?: string;
  email?: string;
  whatsapp?: string;
  address?: string;
  web?: string;
  hours?: OfficeHours[];
}

/** The sender of a brand's emails, as the tenant file sets it (the rest is worked out by the mailer). */
export interface MailIdentity {
  fromName?: string;
  fromAddress?: string;
  replyTo?: string;
  /** Raster image in `tenants/<id>/assets/` for the top of emails. */
  logo?: string;
}

/** A brand is a face of the tenant: own hostnames and look, same customers. */
export interface Brand {
  id: string;
  name: string;
  hostnames: string[];
  branding: Branding;
  contact: Contact;
  mail: MailIdentity;
}

export type Locale = 'es-AR' | 'en';

export interface Tenant {
  id: string;
  name: string;
  /** The tenant file it came from. */
  file: string;
  /** `tenants/<id>/`: optional views/ and assets/ overrides. */
  dir: string;
  hostnames: string[];
  locale: Locale;
  locales: Locale[];
  currency: string;
  timezone: string;
  theme: string;
  themeSettings: Record<string, unknown>;
  /** The default brand first, then the extra brands the file declares. */
  brands: Brand[];
  /** Enabled plugins in dependency order, with their settings (defaults applied). */
  plugins: Map<string, Record<string, unknown>>;
  /** What the file should fix without being refused (a text missing a language the tenant offers). */
  warnings?: LocatedError[];
}

/** A tenant whose file could not be loaded: its hosts answer 503, the log says why. */
export interface BrokenTenant {
  id: string;
  file: string;
  hostnames: string[];
  error: string;
}
