import { fileURLToPath } from 'node:url';
import { pgClient } from './client.js';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
// Any constant works; it only has to be the same in every MAIA process.
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending migrations. Safe when several processes start together: they queue on a
 * PostgreSQL advisory lock held on the migration connection, and the second finds nothing
 * left to do. Creates the database first when it does not exist (fresh machines).
 */
export async function runMigrations(url: string): Promise<void> {
  await ensureDatabase(url);
  const sql = pgClient(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name || !/^[a-zA-Z0-9_-]+$/.test(name)) return;
  const probe = pgClient(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await probe`select 1`;
    return;
  } catch (err) {
    if ((err as { code?: string }).code !== '3D000') throw err; // only "database does not exist"
  } finally {
    await probe.end({ timeout: 2 });
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = pgClient(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`CREATE DATABASE "${name}"`);
  } catch (err) {
    // 42P04 or a unique violation on pg_database: another process created it meanwhile.
    const code = (err as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw err;
  } finally {
    await sql.end({ timeout: 2 });
  }
}
