import type { EntityManager } from '@mikro-orm/postgresql';
import type { Brand, Locale, Tenant } from '../tenants/tenant.ts';
import type { SessionRow } from '../auth/session-store.ts';

/** The signed-in customer as pages see it. */
export interface CurrentCustomer {
  id: number;
  name: string;
  email: string | null;
  mustChangePassword: boolean;
  /** The accounts this login holds, ordered by number. */
  accounts: { id: number; number: string; holderName: string; documentType: string; documentNumber: string; brandId: string | null }[];
}

export interface PageOptions {
  /** i18n key or literal title of the page. */
  title?: string;
  /** Id of the nav item to mark as current. */
  section?: string;
  status?: number;
  layout?: string | false;
  /**
   * true: the page shows a visitor nothing but its data (a login form, the FAQ), so a visitor
   * (no customer signed in, no flash message) gets a copy rendered once per tenant, brand,
   * language, path and data, with their own CSP nonce and form token (see shared-pages.ts).
   * Leave it out for anything whose template reads the clock or helpers with per-call results.
   */
  shared?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
    brand: Brand;
    locale: Locale;
    /** The language came from Accept-Language (a first visit): a page varies by that header. */
    localeFromBrowser: boolean;
    /** Entity manager of this request, scoped to its tenant by the `tenant` filter. */
    em: EntityManager;
    session: SessionRow | null;
    customer: CurrentCustomer | null;
    /** The session CSRF tokens are bound to (see csrfUserInfo). */
    csrfSubject: string;
  }
  interface FastifyReply {
    /** Renders a template through the tenant's theme chain inside the layout. */
    page(template: string, data?: Record<string, unknown>, opts?: PageOptions): FastifyReply;
    flash(kind: 'success' | 'error' | 'info', message: string): void;
  }
  interface FastifyContextConfig {
    /**
     * false: the route takes no CSRF token (webhooks, machine-to-machine APIs). 'visitor': its
     * tokens are bound to the visitor, not the session (login forms, which must work whatever
     * session cookie the browser still holds, and replace it).
     */
    csrf?: boolean | 'visitor';
    /** true: the route reads a multipart form, whose `_csrf` field is checked as it is read. */
    multipart?: boolean;
    /** true: no tenant is needed (health checks). */
    hostless?: boolean;
  }
}
