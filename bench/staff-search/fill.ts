import pg from 'pg';

/** First names and surnames the fill combines: accents included, as the search must ignore them. */
export const FIRST = ['Lucía', 'María', 'Sofía', 'Martina', 'Valentina', 'Camila', 'Julieta', 'Florencia', 'Agustina', 'Catalina',
  'Juan', 'José', 'Martín', 'Santiago', 'Matías', 'Nicolás', 'Tomás', 'Joaquín', 'Lucas', 'Facundo',
  'Ana', 'Paula', 'Carla', 'Romina', 'Natalia', 'Gabriela', 'Silvia', 'Mónica', 'Inés', 'Belén',
  'Carlos', 'Jorge', 'Luis', 'Raúl', 'Héctor', 'Andrés', 'Ramón', 'Germán', 'Rubén', 'Iván'];
export const LAST = ['Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'García', 'Pérez', 'Sánchez', 'Romero', 'Díaz',
  'Álvarez', 'Torres', 'Ruiz', 'Ramírez', 'Flores', 'Acosta', 'Benítez', 'Medina', 'Herrera', 'Suárez',
  'Aguirre', 'Giménez', 'Gutiérrez', 'Pereyra', 'Rojas', 'Molina', 'Castro', 'Ortiz', 'Silva', 'Núñez',
  'Luna', 'Juárez', 'Cabrera', 'Ríos', 'Morales', 'Godoy', 'Moreno', 'Ferreyra', 'Domínguez', 'Carrizo',
  'Peralta', 'Castillo', 'Ledesma', 'Quiroga', 'Vega', 'Vera', 'Muñoz', 'Ojeda', 'Ponce', 'Villalba',
  'Cardozo', 'Navarro', 'Coronel', 'Vázquez', 'Ramos', 'Sosa', 'Arias', 'Figueroa', 'Córdoba', 'Correa'];

/** What customer `i` (1-based) of the fill is called, has and is reached at; the queries are built from it. */
export function customerOf(i: number) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  const second = LAST[Math.floor(i / (FIRST.length * LAST.length)) % LAST.length];
  const line = String(40_000_000 + i);
  return { first, last, second, number: `S-${String(i).padStart(7, '0')}`, document: String(20_000_000 + i), email: `cliente${i}@example.com`, phone: `11 ${line.slice(0, 4)}-${line.slice(4)}` };
}

const array = (items: string[]) => `ARRAY[${items.map((s) => `'${s}'`).join(', ')}]`;

/**
 * `count` customers and one account each (every fifth account without a login, as accounts wait
 * for their holder's first access), written by set-based SQL on the server: a million rows one by
 * one would take most of an hour. The phone is stored in two styles (+54 9 … and 0 …), so a search
 * must normalise it. The trigram indexes are built after the rows, as a bulk load would. On a
 * connection of its own: the portal's pool gives up on a statement long before a million rows are in.
 */
export async function fillCustomers(databaseUrl: string, tenant: string, count: number): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await fill((text, params = []) => client.query(text, params), tenant, count);
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

async function fill(run: (text: string, params?: unknown[]) => Promise<unknown>, tenant: string, count: number): Promise<void> {
  await run('DROP INDEX IF EXISTS accounts_search_trgm');
  await run('DROP INDEX IF EXISTS customers_search_trgm');
  const f = FIRST.length;
  const l = LAST.length;
  await run(
    `INSERT INTO customers (tenant_id, email, name, phone, must_change_password)
     SELECT $1, 'cliente' || i || '@example.com',
            (${array(FIRST)})[1 + i % ${f}] || ' ' || (${array(LAST)})[1 + (i / ${f}) % ${l}] || ' ' || (${array(LAST)})[1 + (i / ${f * l}) % ${l}],
            CASE WHEN i % 2 = 0 THEN '+54 9 11 ' ELSE '011 ' END || substr((40000000 + i)::text, 1, 4) || '-' || substr((40000000 + i)::text, 5),
            false
     FROM generate_series(1, $2::int) AS i`,
    [tenant, count],
  );
  // The customer's own i is in its email: accounts follow it, so account i belongs to customer i.
  await run(
    `INSERT INTO accounts (tenant_id, number, holder_name, document_type, document_number, email, customer_id)
     SELECT c.tenant_id, 'S-' || lpad(n.i::text, 7, '0'), c.name, 'DNI', (20000000 + n.i)::text,
            CASE WHEN n.i % 5 = 0 THEN c.email END, CASE WHEN n.i % 5 = 0 THEN NULL ELSE c.id END
     FROM customers c, LATERAL (SELECT substring(c.email FROM '^cliente([0-9]+)@')::int AS i) n
     WHERE c.tenant_id = $1`,
    [tenant],
  );
  await run('CREATE INDEX accounts_search_trgm ON accounts USING gin (search_text gin_trgm_ops)');
  await run('CREATE INDEX customers_search_trgm ON customers USING gin (search_text gin_trgm_ops)');
  await run('VACUUM ANALYZE customers');
  await run('VACUUM ANALYZE accounts');
}
