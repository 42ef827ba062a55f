/**
 * `portal/testing`: what a plugin's tests (run by vitest) import to start a portal with the plugin
 * enabled, seed customers and staff, sign in, run a job and read the mails it queued.
 */
export { startTestPortal, listenTestPortal, type TestPortal, type TestStorage } from '../../test/support/test-portal.ts';
export { seedCustomer, type SeededCustomer, type SeedCustomerInput } from '../../test/support/seed-customer.ts';
export { browser, createAccount, createCustomer, outbox, query, unique, type OutboxRow } from '../../test/support/fixtures.ts';
export { Client } from '../../test/support/browser-like-client.ts';
export { auditRows, createStaff, type AuditRow, loginStaff, type StaffFixture, type StaffInput } from '../../test/staff/staff-fixtures.ts';
export { runJob } from '../../test/support/run-job.ts';
export { deliveredEmails } from '../../test/support/eml.ts';
export { startS3Server, type S3TestServer } from '../../test/support/s3-server.ts';
export { fileFolder, importFile, jsonl } from '../../test/api/support/import-files.ts';

// The host's own parts, for tests and benches that assemble a portal themselves.
export { createPortal } from '../portal.ts';
export { loadConfig, REPO_ROOT } from '../config/load-config.ts';
export { Scheduler } from '../jobs/scheduler.ts';
export { TenantValidator } from '../tenants/load-tenant.ts';
export { openStorage } from '../storage/open-storage.ts';
export { createApiKey } from '../api/api-keys.ts';
export { createEndpoint } from '../webhooks/endpoints.ts';
export { bufferIo } from '../cli/io.ts';
export { main as runCli } from '../cli/portal.ts';
export { seedDemo } from '../cli/demo-seed.ts';
export type { DemoTenant } from '../cli/demo/types.ts';
export { Catalog } from '../i18n/i18n.ts';
export { registerHelpers } from '../views/helpers.ts';
