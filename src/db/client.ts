import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema.js';

export type Db = PostgresJsDatabase<typeof schema>;
export type Sql = postgres.Sql;

export interface Database {
  db: Db;
  sql: Sql;
  /**
   * Sessions for full-text retrieval reads only, opened with `enable_seqscan = off`: the
   * planner prices `tsv @@ q` as cheap and picks a sequential scan beyond ~5 % of rows, which
   * de-TOASTs every tsvector of the table (10× slower at 10k chunks). Setting it per session
   * instead of `set local` in a transaction saves three round trips per search.
   */
  search: Sql;
  close(): Promise<void>;
}

/** Opens the pool. Notices are silenced: `CREATE … IF NOT EXISTS` chatter is not news. */
export function openDatabase(url: string, poolSize = 10): Database {
  const sql = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connection: { application_name: 'maia' },
  });
  const search = postgres(url, {
    max: Math.max(2, Math.ceil(poolSize / 2)),
    onnotice: () => {},
    connection: { application_name: 'maia-search', enable_seqscan: 'off' },
  });
  const db = drizzle(sql, { schema });
  return {
    db,
    sql,
    search,
    close: async () => {
      await Promise.all([sql.end({ timeout: 5 }), search.end({ timeout: 5 })]);
    },
  };
}
