import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { pgClient, type Sql } from '../../src/db/client.js';
import { testDatabase } from '../helpers/db.js';

const SOCKET_DIR = '/var/run/postgresql';

describe('pgClient: DATABASE_URL forms', () => {
  const clients: Sql[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end({ timeout: 2 });
  });

  it('connects over TCP with a plain URL', async () => {
    const sql = pgClient(await testDatabase());
    clients.push(sql);
    const [row] = await sql<{ addr: string | null }[]>`select inet_client_addr()::text as addr`;
    expect(row!.addr).toMatch(/127\.0\.0\.1|::1/);
  });

  // The machine's PostgreSQL listens on its Unix socket too (Debian's default directory).
  it.skipIf(!existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`))('connects through the Unix socket named by ?host=, libpq style', async () => {
    const url = new URL(await testDatabase());
    url.searchParams.set('host', SOCKET_DIR);
    const sql = pgClient(url.toString());
    clients.push(sql);
    // No client address: the session came through the socket, not TCP.
    const [row] = await sql<{ addr: string | null; db: string }[]>`select inet_client_addr()::text as addr, current_database() as db`;
    expect(row!.addr).toBeNull();
    expect(row!.db).toBe(url.pathname.slice(1));
  });
});
