import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'portal/sdk';
import { ProviderInputError, validateInput, type MeterInput, type ReadingInput, type ScheduleInput } from './provider-input.ts';
import { toCsv } from '../domain/csv.ts';

export interface SubmittedReading {
  id: number;
  accountNumber: string;
  meterExternalId: string;
  meterNumber: string;
  register: string;
  readOn: string;
  value: number;
  /** UTC, ISO 8601. */
  submittedAt: string;
  windowKey: string;
  confirmedImplausible: boolean;
  hasPhoto: boolean;
  billedAt: string | null;
}

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS"Z"'`;

/**
 * The provider's side of meter readings, for imports, the provider API and the CLI: loads meters,
 * reading dates and readings keyed by the provider's own ids (loading twice changes nothing), lists
 * and exports what customers sent, and marks it as taken into billing. Every statement names the
 * tenant: this runs outside requests, where no tenant filter applies.
 */
export class MeterReadingsProvider {
  readonly #em: EntityManager;
  readonly #tenantId: string;

  constructor(em: EntityManager, tenantId: string) {
    this.#em = em;
    this.#tenantId = tenantId;
  }

  async upsertMeters(meters: MeterInput[]): Promise<void> {
    validateInput('meters', meters);
    await this.#em.transactional(async (tx) => {
      const run = runner(tx);
      const accounts = await this.#idsBy(run, 'accounts', 'number', meters.map((m) => m.accountNumber));
      const services = await this.#idsBy(run, 'account_services', 'external_id', meters.flatMap((m) => (m.serviceExternalId ? [m.serviceExternalId] : [])));
      const unknown = meters.filter((m) => !accounts.has(m.accountNumber)).map((m) => m.accountNumber);
      if (unknown.length) throw new ProviderInputError(`unknown account numbers: ${[...new Set(unknown)].join(', ')}`);
      for (const m of meters) {
        await run(
          `INSERT INTO meter_readings_meters AS m (tenant_id, external_id, account_id, service_id, number, kind, unit, digits, registers, route, address)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)
           ON CONFLICT (tenant_id, external_id) DO UPDATE SET
             account_id = EXCLUDED.account_id, service_id = EXCLUDED.service_id, number = EXCLUDED.number, kind = EXCLUDED.kind,
             unit = EXCLUDED.unit, digits = EXCLUDED.digits, registers = EXCLUDED.registers, route = EXCLUDED.route,
             address = EXCLUDED.address, updated_at = now()
           WHERE (m.account_id, m.service_id, m.number, m.kind, m.unit, m.digits, m.registers, m.route, m.address)
             IS DISTINCT FROM (EXCLUDED.account_id, EXCLUDED.service_id, EXCLUDED.number, EXCLUDED.kind, EXCLUDED.unit,
                               EXCLUDED.digits, EXCLUDED.registers, EXCLUDED.route, EXCLUDED.address)`,
          [
            this.#tenantId, m.externalId, accounts.get(m.accountNumber), (m.serviceExternalId && services.get(m.serviceExternalId)) || null,
            m.number, m.kind, m.unit ?? null, m.digits, JSON.stringify(m.registers ?? ['total']), m.route ?? null, m.address ?? null,
          ],
        );
      }
    });
  }

  async upsertSchedule(items: ScheduleInput[]): Promise<void> {
    validateInput('schedule', items);
    await this.#em.transactional(async (tx) => {
      const run = runner(tx);
      const meters = await this.#idsBy(run, 'meter_readings_meters', 'external_id', items.flatMap((i) => (i.meterExternalId ? [i.meterExternalId] : [])));
      for (const item of items) {
        if (item.dates.length === 0) continue;
        const meterId = item.meterExternalId ? meters.get(item.meterExternalId) : null;
        if (item.meterExternalId && !meterId) throw new ProviderInputError(`unknown meter: ${item.meterExternalId}`);
        const [column, value] = meterId ? ['meter_id', meterId] : ['route', item.route];
        const from = item.replaceFrom ?? [...item.dates].sort()[0];
        await run(
          `DELETE FROM meter_readings_schedule WHERE tenant_id = ? AND ${column} = ? AND reading_date >= ? AND reading_date NOT IN (?)`,
          [this.#tenantId, value, from, item.dates],
        );
        for (const date of item.dates) {
          await run(
            `INSERT INTO meter_readings_schedule (tenant_id, ${column}, reading_date) VALUES (?, ?, ?)
             ON CONFLICT (tenant_id, ${column}, reading_date) WHERE ${column} IS NOT NULL DO NOTHING`,
            [this.#tenantId, value, date],
          );
        }
      }
    });
  }

  /**
   * Loads company, estimated and telemetry readings. A reading that `replaces` an estimated one
   * leaves the estimate in place, pointing at its correction, so the history shows both.
   */
  async upsertReadings(readings: ReadingInput[]): Promise<void> {
    validateInput('readings', readings);
    await this.#em.transactional(async (tx) => {
      const run = runner(tx);
      const meterRows = await run<{ id: number; external_id: string; registers: string[] }>(
        `SELECT id, external_id, registers FROM meter_readings_meters WHERE tenant_id = ? AND external_id IN (?)`,
        [this.#tenantId, [...new Set(readings.map((r) => r.meterExternalId))]],
        readings.length > 0,
      );
      const meters = new Map(meterRows.map((m) => [m.external_id, { id: Number(m.id), registers: m.registers }]));
      for (const r of readings) {
        const meter = meters.get(r.meterExternalId);
        if (!meter) throw new ProviderInputError(`unknown meter: ${r.meterExternalId}`);
        const register = r.register ?? meter.registers[0];
        if (!meter.registers.includes(register)) throw new ProviderInputError(`meter ${r.meterExternalId} has no register "${register}"`);
        const [saved] = await run<{ id: number }>(
          `INSERT INTO meter_readings_readings AS r (tenant_id, meter_id, register, external_id, read_on, value, source)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (tenant_id, external_id) DO UPDATE SET
             meter_id = EXCLUDED.meter_id, register = EXCLUDED.register, read_on = EXCLUDED.read_on,
             value = EXCLUDED.value, source = EXCLUDED.source, updated_at = now()
           WHERE (r.meter_id, r.register, r.read_on, r.value, r.source)
             IS DISTINCT FROM (EXCLUDED.meter_id, EXCLUDED.register, EXCLUDED.read_on, EXCLUDED.value, EXCLUDED.source)
           RETURNING id`,
          [this.#tenantId, meter.id, register, r.externalId, r.readOn, r.value, r.source],
        );
        if (!r.replaces) continue;
        const id = saved ? saved.id : (await run<{ id: number }>(`SELECT id FROM meter_readings_readings WHERE tenant_id = ? AND external_id = ?`, [this.#tenantId, r.externalId]))[0].id;
        const replaced = await run<{ id: number }>(
          `UPDATE meter_readings_readings SET replaced_by = ?, updated_at = now()
           WHERE tenant_id = ? AND external_id = ? AND source = 'estimated' AND meter_id = ? RETURNING id`,
          [id, this.#tenantId, r.replaces, meter.id],
        );
        if (replaced.length === 0) throw new ProviderInputError(`reading ${r.externalId} replaces ${r.replaces}, which is not an estimated reading of meter ${r.meterExternalId}`);
      }
    });
  }

  /** Readings customers sent, oldest first; only the ones not billed yet unless asked otherwise. */
  async submittedReadings(opts: { includeBilled?: boolean; since?: Date } = {}): Promise<SubmittedReading[]> {
    const rows = await runner(this.#em)<SubmittedRow>(
      `SELECT r.id, a.number AS account_number, m.external_id AS meter_external_id, m.number AS meter_number, r.register,
              to_char(r.read_on, 'YYYY-MM-DD') AS read_on, r.value, r.window_key, r.confirmed_implausible,
              r.photo_path IS NOT NULL AS has_photo,
              to_char(r.submitted_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS submitted_at,
              to_char(r.billed_at AT TIME ZONE 'UTC', ${ISO_UTC}) AS billed_at
       FROM meter_readings_readings r
       JOIN meter_readings_meters m ON m.id = r.meter_id AND m.tenant_id = r.tenant_id
       JOIN accounts a ON a.id = m.account_id AND a.tenant_id = m.tenant_id
       WHERE r.tenant_id = ? AND r.source = 'customer'
         ${opts.includeBilled ? '' : 'AND r.billed_at IS NULL'} ${opts.since ? 'AND r.submitted_at >= ?' : ''}
       ORDER BY r.submitted_at, r.id`,
      opts.since ? [this.#tenantId, opts.since] : [this.#tenantId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      accountNumber: r.account_number,
      meterExternalId: r.meter_external_id,
      meterNumber: r.meter_number,
      register: r.register,
      readOn: r.read_on,
      value: Number(r.value),
      submittedAt: r.submitted_at,
      windowKey: r.window_key,
      confirmedImplausible: Boolean(r.confirmed_implausible),
      hasPhoto: Boolean(r.has_photo),
      billedAt: r.billed_at ?? null,
    }));
  }

  async exportSubmittedCsv(opts: { includeBilled?: boolean; since?: Date } = {}): Promise<string> {
    const rows = await this.submittedReadings(opts);
    return toCsv(
      ['reading_id', 'account_number', 'meter_id', 'meter_number', 'register', 'read_on', 'value', 'submitted_at', 'window', 'confirmed_unusual', 'photo', 'billed_at'],
      rows.map((r) => [r.id, r.accountNumber, r.meterExternalId, r.meterNumber, r.register, r.readOn, r.value, r.submittedAt, r.windowKey, r.confirmedImplausible ? 'yes' : 'no', r.hasPhoto ? 'yes' : 'no', r.billedAt]),
    );
  }

  /** Marks customer readings as taken into billing; they can no longer be replaced. Returns the ids it marked. */
  async markBilled(readingIds: number[], at: Date = new Date()): Promise<number[]> {
    const ids = readingIds.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (ids.length === 0) return [];
    const rows = await runner(this.#em)<{ id: number }>(
      `UPDATE meter_readings_readings SET billed_at = ?, updated_at = now()
       WHERE tenant_id = ? AND source = 'customer' AND billed_at IS NULL AND id IN (?) RETURNING id`,
      [at, this.#tenantId, ids],
    );
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  }

  async #idsBy(run: Run, table: string, column: string, keys: string[]): Promise<Map<string, number>> {
    const unique = [...new Set(keys)];
    const rows = await run<{ id: number; key: string }>(`SELECT id, ${column} AS key FROM ${table} WHERE tenant_id = ? AND ${column} IN (?)`, [this.#tenantId, unique], unique.length > 0);
    return new Map(rows.map((r) => [r.key, Number(r.id)]));
  }
}

/** Rows typed by the caller, as with `sql<Row>`. */
type Run = <Row extends object = never>(query: string, params: unknown[], when?: boolean) => Promise<Row[]>;

/** submittedReadings' rows: value is a bigint (text), the times already ISO text in UTC. */
interface SubmittedRow {
  id: number;
  account_number: string;
  meter_external_id: string;
  meter_number: string;
  register: string;
  read_on: string;
  value: string;
  window_key: string;
  confirmed_implausible: boolean;
  has_photo: boolean;
  submitted_at: string;
  billed_at: string | null;
}

/** Core's `sql<Row>` on the entity manager (inside its transaction when it has one); `when` false skips a query that would have an empty IN list. */
function runner(em: EntityManager): Run {
  return async <Row extends object>(query: string, params: unknown[], when = true) => (when ? sql<Row>(em, query, params) : []);
}
