import type { JsonSchema } from '../plugins/define-plugin.ts';
import type { Tenant } from '../tenants/tenant.ts';

/** A row that cannot be imported: its line in the file, the field at fault and why. */
export interface RowProblem {
  row: number;
  field: string;
  reason: string;
}

/** A row that passed the schema: its line in the file and its value. */
export interface ImportRow {
  row: number;
  value: Record<string, any>;
}

/** Parameterised SQL (`$1`, `$2`…) on the import's connection, inside the batch transaction. */
export type ImportQuery = <T = Record<string, any>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface ImportContext {
  tenant: Tenant;
  /** The declaring plugin's settings for the tenant (defaults applied); `{}` for core kinds. */
  settings: Record<string, any>;
  query: ImportQuery;
  /** Kept for the whole run: lookups a kind repeats batch after batch (accounts by number). */
  memo: Map<string, unknown>;
}

export interface PreparedBatch {
  /** Values in the order of `staging`'s columns, for each row that can go on. */
  rows: { row: number; values: unknown[] }[];
  problems: RowProblem[];
}

/** What `apply` wrote; staged rows it counted in neither were already there as they are. */
export interface ApplyCounts {
  inserted: number;
  updated: number;
}

/**
 * One kind of record `portal import` loads (customers, invoices, readings…). The engine parses the
 * file, checks each row against `schema`, hands batches to `prepare`, copies the prepared values
 * into a temporary `import_stage` table (COPY on a server, INSERT on the embedded database), runs
 * `check` and then `apply` on it, all in one transaction per batch: a batch with any problem
 * writes nothing.
 */
export interface ImportKind {
  /** The command's `<kind>` argument: `invoices`, `readings`. */
  kind: string;
  description: string;
  /** One row, as the API's body for the same record (its key included): one set of rules for both. */
  schema: JsonSchema;
  /**
   * CSV cells are text: columns listed here become numbers, booleans or parsed JSON before the
   * schema check. Dotted headers (`authorization.code`) become nested objects; empty cells are absent.
   */
  csvTypes?: Record<string, 'number' | 'integer' | 'boolean' | 'json'>;
  /** Column definitions of `import_stage` after its `row_no integer`, e.g. `external_id varchar(64), amount numeric(14,2)`. */
  staging: string;
  /** The staging column holding the provider's id: a second row with the same id in one batch is refused. */
  key: string;
  /**
   * Checks the schema cannot express and lookups by the provider's ids. Runs on a read-only
   * connection outside the batch's transaction, while the previous batch is being written.
   */
  prepare(rows: ImportRow[], ctx: ImportContext): Promise<PreparedBatch> | PreparedBatch;
  /** Problems only the database can see once the batch is staged (an id used by another account). */
  check?(ctx: ImportContext): Promise<RowProblem[]>;
  /**
   * Problems a unique constraint also refuses (a voucher number already used): asked only of a
   * batch already refused, or after `apply` failed (on a second try of the batch), to name the
   * rows; a clean batch never pays for the look-ups. Runs after `check`, in the same transaction.
   */
  verify?(ctx: ImportContext): Promise<RowProblem[]>;
  /** Writes the staged rows into the real tables. `$1` in your SQL is usually the tenant id. */
  apply(ctx: ImportContext): Promise<ApplyCounts>;
}
