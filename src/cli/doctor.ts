import { pgClient } from '../db/client.js';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/index.js';
import { isAppError } from '../errors.js';

interface Check {
  name: string;
  ok: boolean | 'warn';
  detail: string;
  fix?: string;
}

/** Checks what MAIA needs and prints what is missing and how to fix it. Exit 1 if anything blocks. */
export async function doctor(env: Record<string, string | undefined>): Promise<number> {
  const checks: Check[] = [];
  let config;
  try {
    config = loadConfig(env);
    checks.push({ name: 'configuration', ok: true, detail: `NODE_ENV=${config.NODE_ENV}, ROLE=${config.ROLE}` });
  } catch (err) {
    checks.push({ name: 'configuration', ok: false, detail: isAppError(err) ? err.message : String(err), fix: 'Corrigez la variable dans .env (voir .env.example).' });
    return print(checks);
  }
  const sql = pgClient(config.DATABASE_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    const [row] = await sql`select current_setting('server_version') as v`;
    checks.push({ name: 'PostgreSQL', ok: true, detail: `version ${row?.v}` });
    const ext = await sql`select name from pg_available_extensions where name in ('unaccent','pg_trgm')`;
    checks.push({
      name: 'extensions',
      ok: ext.length === 2 ? true : false,
      detail: ext.map((e) => e.name).join(', ') || 'none',
      fix: ext.length === 2 ? undefined : 'Installez postgresql-contrib (unaccent, pg_trgm).',
    });
    const [mig] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`.catch(() => [{ n: 0 }]);
    checks.push({ name: 'migrations', ok: (mig?.n ?? 0) > 0 ? true : 'warn', detail: `${mig?.n ?? 0} applied`, fix: (mig?.n ?? 0) > 0 ? undefined : 'Lancez `maia migrate` (le serveur le fait aussi au démarrage).' });
    const [docs] = await sql`select count(*)::int as n from chunks`.catch(() => [{ n: 0 }]);
    checks.push({ name: 'knowledge index', ok: (docs?.n ?? 0) > 0 ? true : 'warn', detail: `${docs?.n ?? 0} chunks`, fix: (docs?.n ?? 0) > 0 ? undefined : 'Lancez `maia ingest knowledge/`.' });
  } catch (err) {
    checks.push({ name: 'PostgreSQL', ok: false, detail: (err as Error).message, fix: `Démarrez PostgreSQL ou corrigez DATABASE_URL (${redactUrl(config.DATABASE_URL)}).` });
  } finally {
    await sql.end({ timeout: 1 });
  }
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    const pong = await redis.ping();
    const info = await redis.info('server');
    const version = /redis_version:(\S+)/.exec(info)?.[1];
    checks.push({ name: 'Redis', ok: pong === 'PONG', detail: `version ${version}` });
  } catch (err) {
    checks.push({ name: 'Redis', ok: false, detail: (err as Error).message, fix: `Démarrez Redis ou corrigez REDIS_URL (${redactUrl(config.REDIS_URL)}).` });
  } finally {
    redis.disconnect();
  }
  checks.push({
    name: 'LLM',
    ok: config.OPENAI_API_KEY ? true : 'warn',
    detail: config.OPENAI_API_KEY ? `${config.LLM_MODEL} via ${config.OPENAI_BASE_URL ?? 'api.openai.com'}` : 'not configured: extractive answers (offline)',
    fix: config.OPENAI_API_KEY ? undefined : 'Optionnel : OPENAI_API_KEY (et OPENAI_BASE_URL pour un service compatible).',
  });
  checks.push({
    name: 'vector index',
    ok: true,
    detail: config.PINECONE_API_KEY ? `Pinecone ${config.PINECONE_INDEX_HOST}` : 'local exact index (default)',
  });
  checks.push({ name: 'web search', ok: true, detail: config.WEB_SEARCH_URL ? `${config.WEB_SEARCH_KIND} (${config.WEB_SEARCH_DOMAINS.length} domains)` : 'offline public-sources snapshot' });
  checks.push({ name: 'WhatsApp', ok: true, detail: `WHATSAPP_MODE=${config.WHATSAPP_MODE}` });
  checks.push({ name: 'Teams', ok: true, detail: `TEAMS_MODE=${config.TEAMS_MODE}` });
  return print(checks);
}

function print(checks: Check[]): number {
  for (const c of checks) {
    const mark = c.ok === true ? '✔' : c.ok === 'warn' ? '!' : '✘';
    console.log(`${mark} ${c.name.padEnd(16)} ${c.detail}`);
    if (c.fix && c.ok !== true) console.log(`  → ${c.fix}`);
  }
  return checks.some((c) => c.ok === false) ? 1 : 0;
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
