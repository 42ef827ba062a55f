import { type ImportKind, problemsOf, upsertCounts } from 'portal/sdk';
import { inputSchemas } from '../data/provider-input.ts';

/**
 * Company, estimated and telemetry readings as `upsertReadings` loads them, set-based: the register
 * defaults to the meter's first, and a reading that `replaces` an estimate leaves the estimate in
 * place pointing at it (the estimate may be in the same file, earlier or later).
 */
export const readingsImport: ImportKind = {
  kind: 'readings',
  description: 'Company, estimated and telemetry readings by your id, on a meter (your id).',
  schema: inputSchemas.reading,
  csvTypes: { value: 'integer' },
  staging: 'external_id varchar(64), meter_external_id varchar(64), register varchar(16), read_on date, value bigint, source varchar(16), replaces varchar(64)',
  key: 'external_id',
  prepare: (rows) => ({
    rows: rows.map(({ row, value: r }) => ({ row, values: [r.externalId, r.meterExternalId, r.register ?? null, r.readOn, r.value, r.source, r.replaces ?? null] })),
    problems: [],
  }),
  check: (ctx) =>
    problemsOf(
      ctx,
      `SELECT s.row_no, 'meterExternalId' AS field, 'is not a known meter' AS reason FROM import_stage s
       WHERE NOT EXISTS (SELECT 1 FROM meter_readings_meters m WHERE m.tenant_id = $1 AND m.external_id = s.meter_external_id)
       UNION ALL
       SELECT s.row_no, 'register', 'meter ' || m.external_id || ' has no register "' || s.register || '"'
       FROM import_stage s JOIN meter_readings_meters m ON m.tenant_id = $1 AND m.external_id = s.meter_external_id
       WHERE s.register IS NOT NULL AND NOT m.registers @> to_jsonb(s.register)
       UNION ALL
       SELECT s.row_no, 'replaces', 'is not an estimated reading of meter ' || s.meter_external_id FROM import_stage s
       WHERE s.replaces IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM meter_readings_readings r JOIN meter_readings_meters m ON m.id = r.meter_id
                         WHERE r.tenant_id = $1 AND r.external_id = s.replaces AND r.source = 'estimated' AND m.external_id = s.meter_external_id)
         AND NOT EXISTS (SELECT 1 FROM import_stage e WHERE e.external_id = s.replaces AND e.source = 'estimated' AND e.meter_external_id = s.meter_external_id)`,
    ),
  async apply(ctx) {
    const tenant = [ctx.tenant.id];
    const done = await ctx.query<{ inserted: boolean }>(
      `INSERT INTO meter_readings_readings AS r (tenant_id, meter_id, register, external_id, read_on, value, source)
       SELECT $1, m.id, COALESCE(s.register, m.registers->>0), s.external_id, s.read_on, s.value, s.source
       FROM import_stage s JOIN meter_readings_meters m ON m.tenant_id = $1 AND m.external_id = s.meter_external_id
       ON CONFLICT (tenant_id, external_id) DO UPDATE SET
         meter_id = EXCLUDED.meter_id, register = EXCLUDED.register, read_on = EXCLUDED.read_on,
         value = EXCLUDED.value, source = EXCLUDED.source, updated_at = now()
       WHERE (r.meter_id, r.register, r.read_on, r.value, r.source)
         IS DISTINCT FROM (EXCLUDED.meter_id, EXCLUDED.register, EXCLUDED.read_on, EXCLUDED.value, EXCLUDED.source)
       RETURNING (xmax = 0) AS inserted`,
      tenant,
    );
    await ctx.query(
      `UPDATE meter_readings_readings e SET replaced_by = n.id, updated_at = now()
       FROM import_stage s JOIN meter_readings_readings n ON n.tenant_id = $1 AND n.external_id = s.external_id
       WHERE s.replaces IS NOT NULL AND e.tenant_id = $1 AND e.external_id = s.replaces AND e.source = 'estimated'
         AND e.replaced_by IS DISTINCT FROM n.id`,
      tenant,
    );
    return upsertCounts(done);
  },
};
