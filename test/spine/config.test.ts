import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

const load = (env: Record<string, string>) => () => loadConfig(env);

describe('configuration', () => {
  it('starts with no settings at all on a development machine', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.ROLE).toBe('all');
    expect(c.DATABASE_URL).toContain('127.0.0.1:5432');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.AI_DISCLOSURE).toMatch(/assisté par l'IA/);
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT — /],
    [{ PORT: '70000' }, /PORT/],
    [{ ROLE: 'boss' }, /ROLE/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    // One connection cannot work: ingestion holds one for its lock while it reads with another.
    [{ DATABASE_POOL_SIZE: '1' }, /DATABASE_POOL_SIZE/],
    [{ AI_DISCLOSURE: 'Réponse automatique' }, /AI_DISCLOSURE — must contain the words « assisté par l'IA »/],
    [{ ENCRYPTION_KEYS: 'k1:tooshort' }, /ENCRYPTION_KEYS/],
    [{ ADMIN_TOKENS: 'x:boss:Someone' }, /ADMIN_TOKENS/],
    [{ WHATSAPP_MODE: 'cloud' }, /WHATSAPP_CLOUD_VERIFY_TOKEN — required when WHATSAPP_MODE=cloud/],
    [{ TEAMS_MODE: 'bot' }, /MICROSOFT_APP_ID/],
    [{ NODE_ENV: 'production' }, /required in production/],
    [{ NODE_ENV: 'production', ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, PSEUDONYM_KEY: 'x'.repeat(32), ADMIN_TOKENS: 'abcdefghijklmnop:admin:Jo Admin' }, /TEAMS_MODE — "local" .* refused in production/],
  ])('refuses %o with one clear line naming the variable', (env, message) => {
    expect(load(env as Record<string, string>)).toThrow(message);
    try {
      loadConfig(env as Record<string, string>);
    } catch (err) {
      expect((err as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('the CLI stops with that one line and exit code 78', () => {
    const r = spawnSync(process.execPath, ['bin/maia.js', 'doctor'], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/PORT/);
    const server = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { env: { ...process.env, PORT: 'abc' }, encoding: 'utf8', timeout: 20_000 });
    expect(server.status).toBe(78);
    expect(server.stderr.trim().split('\n')).toEqual(['Invalid configuration: PORT — Invalid input: expected number, received NaN (got "abc")']);
  });
});
