import { runMigrations } from '../../src/db/migrate.js';

export const PG_BASE = process.env.TEST_PG_BASE ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A migrated database for a group of tests: `maia_test` is shared (each test uses its own
 * random ids); suites that rewrite global tables (the knowledge index) take their own suffix.
 */
export async function testDatabase(suffix = ''): Promise<string> {
  const url = `${PG_BASE}/maia_test${suffix ? `_${suffix}` : ''}`;
  await runMigrations(url);
  return url;
}

/** A queue prefix no other test uses, so parallel files never share jobs. */
export function uniquePrefix(label = 't'): string {
  return `${label}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
