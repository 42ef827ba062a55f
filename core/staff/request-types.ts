import type { StaffRole } from '../plugins/define-plugin.ts';

/** The signed-in operator as routes and templates see it. */
export interface CurrentStaff {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  /** Every permission the role holds in this tenant (plugins the tenant has not enabled add none). */
  permissions: ReadonlySet<string>;
  totpEnabled: boolean;
  mustChangePassword: boolean;
}

export type StaffStage = 'totp' | 'enrol' | 'full';

export interface StaffSessionRow {
  idHash: string;
  tenantId: string;
  staffUserId: number;
  stage: StaffStage;
  data: Record<string, unknown>;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface StaffPageOptions {
  /** i18n key of the page title. */
  title?: string;
  /** Id of the staff nav item to mark as current. */
  section?: string;
  status?: number;
  /** Values for placeholders in the title. */
  titleParams?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The operator, once password and second factor are done; null elsewhere and outside /staff. */
    staff: CurrentStaff | null;
    /** The staff session at any stage (a login halfway through has one, `staff` stays null). */
    staffSession: StaffSessionRow | null;
  }
  interface FastifyReply {
    /** Renders a template inside the back-office layout, with the nav the operator may use. */
    staffPage(template: string, data?: Record<string, unknown>, opts?: StaffPageOptions): FastifyReply;
  }
}
