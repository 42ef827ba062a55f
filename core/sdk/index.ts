/**
 * `portal/sdk`: everything a plugin imports from the portal. Plugins import this and
 * `portal/testing`, never core's files: core may move anything not listed here, and a plugin
 * published as an npm package can reach nothing else. Its version is `sdkVersion`.
 */
export { sdkVersion } from './version.ts';

// The manifest and what the host hands to each part of it.
export {
  definePlugin,
  STAFF_ROLES,
  type AccountAction,
  type DashboardCard,
  type DashboardCardContext,
  type DemoSeedContext,
  type EventContext,
  type EventHandler,
  type JobContext,
  type JobDefinition,
  type JsonSchema,
  type NavItem,
  type PermissionDefinition,
  type PluginCommand,
  type PluginDefinition,
  type PluginManifest,
  type PluginRoutesContext,
  type PortalServices,
  type SettingsProblem,
  type StaffCustomerPanel,
  type StaffCustomerPanelContext,
  type StaffNavItem,
  type StaffOverviewCard,
  type StaffOverviewContext,
  type StaffOverviewValue,
  type StaffRole,
  type StaffRoutesContext,
} from '../plugins/define-plugin.ts';
export { defineExtensionPoint, type Contributed, type Contribution, type ExtensionPoint, type ExtensionReader } from '../plugins/extension-points.ts';
export type { Brand, Branding, Contact, Locale, MailIdentity, OfficeHours, Tenant } from '../tenants/tenant.ts';
export { LOCALES } from '../tenants/tenant-schema.ts';
export type { ProvidedServices } from '../plugins/provided-services.ts';
export type { Mailer, MailRequest, Attachment } from '../mail/mailer.ts';
export type { Links } from '../http/links.ts';
export type { EventBus } from '../events/event-bus.ts';
export type { ViewEngine } from '../views/view-engine.ts';
export type { AuditLog, AuditRecord } from '../auth/audit.ts';
/** The entity manager every context hands out (request.em, a job's em, the tx of em.transactional). */
export type { EntityManager } from '@mikro-orm/postgresql';

// Customer pages: the signed-in customer and the request's tenant (request.customer, request.tenant).
export { requireCustomer } from '../auth/session-hook.ts';
export type { CurrentCustomer, PageOptions } from '../http/request-types.ts';
export type { CurrentStaff, StaffPageOptions } from '../staff/request-types.ts';
export { translate } from '../auth/translate.ts';
export { findCustomerByEmail } from '../auth/find-customer.ts';
export { issueAccessKey } from '../accounts/access-keys.ts';
export { Account, AccountService, AuditEntry, Customer } from '../accounts/entities.ts';
export { StaffUser } from '../staff/entities.ts';
export { documentProblem, isValidCuit, normaliseDocument, sameDocument } from '../accounts/documents.ts';
export { pageNumber, pager } from '../staff/pagination.ts';
export { savedFilters, type SavedFiltersView } from '../staff/saved-filters.ts';
export { dueAtSql, hoursByKeySql } from '../staff/promised-time.ts';

// Forms: one answer per submission (a double click pays once), uploads checked by content.
export { answerAgain, claimSubmission, earlierAnswer, recordAnswer, submissionOf, type Submission } from '../http/form-submission.ts';
export { checkUpload, UPLOAD_KINDS, type UploadCheck, type UploadKind } from '../uploads/check-upload.ts';
// ajv-formats' `format`s (email, date, uri…) on a plugin's own Ajv, as core's validators have them.
export { addFormats } from '../schema/add-formats.ts';

// Text a tenant writes, one per language or one for all: the settings schema fragment and its resolvers.
export { localize, inLocale, allTexts, type InLocale, type LocalizedText, type LocalizedMap } from '../i18n/localized-text.ts';
export { localizedText, LOCALIZED_TEXT_ID, type TextLimits } from '../schema/localized-text-schema.ts';

// Money and dates: es-AR formats; wall-clock times in the tenant's zone.
export { formatDate, formatMoney } from '../i18n/format.ts';
export { localDate, localDateTime, zonedDateTime, zoneOffset } from '../i18n/zoned-time.ts';

// Raw SQL (`?` placeholders, in the entity manager's transaction) and per-tenant numbering.
export { runSql, sql } from '../db/run-sql.ts';
export { nextTenantNumber } from '../db/tenant-counters.ts';
export { sqlCursor } from '../db/sql-cursor.ts';

// Exports of a back-office list: CSV (for Excel in es-AR) or XLSX, streamed from a cursor.
export { EXPORT_FORMATS, exportFormat, sendTableExport, type ExportColumn, type ExportFormat, type ExportValue, type TableExport } from '../exports/table-export.ts';
export { CSV_BOM, CSV_SEPARATOR, csvCell, csvMoney, csvText } from '../exports/csv-cells.ts';
export { lazyModule } from '../lazy-module.ts';

// Customer files.
export type { FileContent, FileStorage, StoredFile } from '../storage/file-storage.ts';
export { sendStoredFile } from '../storage/send-stored-file.ts';

// The provider API: resources, lists, errors, bulk import.
export type { ApiResource, ApiRoutesContext, PluginApi, WebhookEventSource } from '../api/contract.ts';
export { ApiError, problemsFromStrings } from '../api/api-error.ts';
export { cursorColumn, equalsFilter, iso, listQuerySchema, pageClause, pageSchema, toPage, type ListQuery } from '../api/list-page.ts';
export { externalIdParam, problemSchema, sendUpsert, upsertResponses, withoutKey } from '../api/schemas.ts';
export { fieldProblems, type FieldProblem } from '../api/validation.ts';
export { WriteGroup, type GroupWrite } from '../api/write-group.ts';
export type { ImportContext, ImportKind, RowProblem } from '../import/import-kind.ts';
export { problemsOf, unknownAccounts } from '../import/sql-checks.ts';
export { upsertCounts } from '../import/upsert-counts.ts';

// Commands a plugin adds to the `portal` CLI.
export { parseCommandArgs, requireOption } from '../cli/args.ts';
export { CliError, UsageError } from '../cli/cli-error.ts';
export { processIo, type Io } from '../cli/io.ts';
export { withPortal } from '../cli/with-portal.ts';
export { loadCliConfig } from '../cli/cli-config.ts';
export { displayPath } from '../cli/display-path.ts';
export { workerCount } from '../cli/worker-count.ts';
export { loadInstall, type Portal } from '../portal.ts';
