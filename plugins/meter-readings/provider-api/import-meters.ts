import { type ImportKind, unknownAccounts, upsertCounts } from 'portal/sdk';
import { inputSchemas } from '../data/provider-input.ts';

const nul = (v: unknown) => (v === undefined ? null : v);

/** Meters as `upsertMeters` loads them (an unknown service id leaves the meter without one), set-based. */
export const metersImport: ImportKind = {
  kind: 'meters',
  description: 'Meters by your id, on an account number (registers as a JSON column in CSV).',
  schema: inputSchemas.meter,
  csvTypes: { digits: 'integer', registers: 'json' },
  staging: `external_id varchar(64), account_number varchar(64), service_external_id varchar(64), number varchar(64), kind varchar(16),
    unit varchar(16), digits integer, registers jsonb, route varchar(64), address varchar(255)`,
  key: 'external_id',
  prepare: (rows) => ({
    rows: rows.map(({ row, value: m }) => ({
      row,
      values: [m.externalId, m.accountNumber, nul(m.serviceExternalId), m.number, m.kind, nul(m.unit), m.digits, m.registers ?? ['total'], nul(m.route), nul(m.address)],
    })),
    problems: [],
  }),
  check: (ctx) => unknownAccounts(ctx),
  apply: async (ctx) =>
    upsertCounts(
      await ctx.query(
        `INSERT INTO meter_readings_meters AS m (tenant_id, external_id, account_id, service_id, number, kind, unit, digits, registers, route, address)
         SELECT $1, s.external_id, a.id, sv.id, s.number, s.kind, s.unit, s.digits, s.registers, s.route, s.address
         FROM import_stage s
         JOIN accounts a ON a.tenant_id = $1 AND a.number = s.account_number
         LEFT JOIN account_services sv ON sv.tenant_id = $1 AND sv.external_id = s.service_external_id
         ON CONFLICT (tenant_id, external_id) DO UPDATE SET
           account_id = EXCLUDED.account_id, service_id = EXCLUDED.service_id, number = EXCLUDED.number, kind = EXCLUDED.kind,
           unit = EXCLUDED.unit, digits = EXCLUDED.digits, registers = EXCLUDED.registers, route = EXCLUDED.route,
           address = EXCLUDED.address, updated_at = now()
         WHERE (m.account_id, m.service_id, m.number, m.kind, m.unit, m.digits, m.registers, m.route, m.address)
           IS DISTINCT FROM (EXCLUDED.account_id, EXCLUDED.service_id, EXCLUDED.number, EXCLUDED.kind, EXCLUDED.unit,
                             EXCLUDED.digits, EXCLUDED.registers, EXCLUDED.route, EXCLUDED.address)
         RETURNING (xmax = 0) AS inserted`,
        [ctx.tenant.id],
      ),
    ),
};
