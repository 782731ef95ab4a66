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

/**
 * A postgres.js client for a `DATABASE_URL`, which may name a Unix socket directory the way
 * libpq does: `postgres://user@localhost/maia?host=/var/run/postgresql` (postgres.js alone
 * would send `host` to the server as a setting, which refuses it). For a PostgreSQL on the
 * same machine: measured here, a query costs the client less than half the CPU over the socket
 * than over TCP loopback at 10 queries in flight (the whole pipeline showed no clear change).
 */
export function pgClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): Sql {
  const parsed = new URL(url);
  const socketDir = parsed.searchParams.get('host');
  if (!socketDir?.startsWith('/')) return postgres(url, options);
  parsed.searchParams.delete('host');
  const port = parsed.port || '5432';
  return postgres(parsed.toString(), { ...options, path: `${socketDir.replace(/\/+$/, '')}/.s.PGSQL.${port}` });
}

/** Opens the pool. Notices are silenced: `CREATE … IF NOT EXISTS` chatter is not news. */
export function openDatabase(url: string, poolSize = 10): Database {
  const sql = pgClient(url, {
    max: poolSize,
    onnotice: () => {},
    connection: { application_name: 'maia' },
  });
  const search = pgClient(url, {
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
