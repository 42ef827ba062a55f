/** A connection to the database that judges the statements: one session, statements run in order (give it a statement timeout). */
export interface Judge {
  query(text: string): Promise<unknown>;
}

export interface StatementVerdicts {
  prepared: number;
  ran: number;
  /** Statements naming a table the judge's database does not have (a fixture plugin's, a test's own). */
  unknownTable: number;
  /** DDL the judge's own migrations already applied (a test portal migrating its own database). */
  alreadyThere: number;
  /** Not a query PREPARE takes, and with bound parameters whose values were not noted. */
  notCheckable: number;
  /** What the judge refused, with its SQLSTATE and message. */
  refused: { text: string; origin: string; code: string; message: string }[];
}

/** SQLSTATEs of a statement a database cannot take as written: syntax, names, types, features. */
const REFUSED = /^(42|0A)/;
const MISSING_TABLE = '42P01';
/** Duplicate table, column, object, schema, function, database… */
const ALREADY_THERE = /^(42P07|42701|42710|42P06|42723|42P04|42P16)$/;
const QUERY = /^\s*(\(?\s*select|insert|update|delete|with|values|merge|table)\b/i;
const TRANSACTION_CONTROL = /^\s*(begin|start transaction|commit|rollback|end|savepoint|release)\b/i;

/**
 * Puts each statement to the judge without changing its database: queries are PREPAREd (parsed
 * and analysed against its tables, not run), other statements run inside a savepoint that is
 * rolled back. A script of several statements (PREPARE takes one) runs the same way.
 */
export async function judgeStatements(judge: Judge, statements: Iterable<{ text: string; origin: string }>): Promise<StatementVerdicts> {
  const verdicts: StatementVerdicts = { prepared: 0, ran: 0, unknownTable: 0, alreadyThere: 0, notCheckable: 0, refused: [] };
  await judge.query('BEGIN');
  try {
    for (const { text: sent, origin } of statements) {
      // The deferred BEGIN (core/db/deferred-begin.ts) rides on a transaction's first statement.
      const text = sent.replace(/^\s*begin\s*;\s*/i, '');
      if (TRANSACTION_CONTROL.test(text) || !text.trim()) continue;
      const bound = /\$\d/.test(text);
      let error = await attempt(judge, async () => {
        if (QUERY.test(text)) {
          await judge.query(`PREPARE judged AS ${text}`);
          // A prepared statement outlives the rollback of its savepoint.
          await judge.query('DEALLOCATE judged');
          verdicts.prepared++;
        } else if (!bound) {
          await judge.query(text);
          verdicts.ran++;
        } else verdicts.notCheckable++;
      });
      if (error?.code === '42601' && QUERY.test(text) && !bound && /multiple commands/.test(error.message)) {
        error = await attempt(judge, async () => {
          await judge.query(text);
          verdicts.ran++;
        });
      }
      if (!error) continue;
      if (error.code === MISSING_TABLE) verdicts.unknownTable++;
      else if (ALREADY_THERE.test(error.code)) verdicts.alreadyThere++;
      else if (REFUSED.test(error.code)) verdicts.refused.push({ text, origin, code: error.code, message: error.message });
    }
  } finally {
    await judge.query('ROLLBACK');
  }
  return verdicts;
}

/** Runs `step` in a savepoint, always rolled back; the database's error, if it gave one. */
async function attempt(judge: Judge, step: () => Promise<void>): Promise<{ code: string; message: string } | undefined> {
  await judge.query('SAVEPOINT judging');
  try {
    await step();
    return undefined;
  } catch (err) {
    return { code: String((err as { code?: unknown }).code ?? ''), message: err instanceof Error ? err.message : String(err) };
  } finally {
    await judge.query('ROLLBACK TO SAVEPOINT judging');
  }
}
