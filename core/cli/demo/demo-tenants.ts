import { aguasDelValle } from './aguas-del-valle.ts';
import { nubehost } from './nubehost.ts';
import { rednorte } from './rednorte.ts';
import type { DemoTenant } from './types.ts';

/** The demo tenants whose files live in tenants/ and whose customers the demo seed creates. */
export const DEMO_TENANTS: DemoTenant[] = [rednorte, aguasDelValle, nubehost];
