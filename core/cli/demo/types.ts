/** Service statuses core knows how to show (see `service.status.*` in core's locales). */
export type ServiceStatus = 'active' | 'suspended' | 'cut' | 'cancelled';

export interface DemoService {
  /** Stable key of the service within its account: what makes reseeding update instead of insert. */
  externalId: string;
  kind: string;
  plan: string;
  address?: string;
  status: ServiceStatus;
}

export interface DemoAccount {
  number: string;
  holderName: string;
  documentType: 'DNI' | 'CUIT';
  /** Digits only, as a customer types them when registering. */
  documentNumber: string;
  email: string;
  /** Which face of the tenant the account belongs to; the default brand when left out. */
  brandId?: string;
  services: DemoService[];
}

export interface DemoCustomer {
  name: string;
  email: string;
  mobile?: string;
  address?: string;
  accounts: DemoAccount[];
}

export interface DemoTenant {
  tenantId: string;
  /** Every demo login of the tenant uses it; printed by `start --seed-demo`. */
  password: string;
  customers: DemoCustomer[];
  /** Accounts nobody has claimed yet: for trying first access and `customer issue-key`. */
  unclaimed: DemoAccount[];
  /**
   * Back-office operators to try `/staff` with, all with `staffPassword`. Roles without mandatory
   * TOTP, so a visitor gets in without an authenticator app; administrators come from `staff create`.
   */
  staff?: DemoOperator[];
  staffPassword?: string;
}

export interface DemoOperator {
  email: string;
  name: string;
  role: 'support' | 'billing' | 'field';
}
