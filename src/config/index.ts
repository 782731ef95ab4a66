import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { configSchema, type RawConfig } from './schema.js';
import { AppError } from '../errors.js';

export type Config = RawConfig & {
  /** Parsed `ENCRYPTION_KEYS`: first key encrypts, all decrypt (rotation). */
  encryptionKeys: { id: string; key: Buffer }[];
  pseudonymKey: Buffer;
  adminTokens: AdminToken[];
};

export type StaffRole = 'admin' | 'cdm' | 'dpo';
export interface AdminToken {
  token: string;
  role: StaffRole;
  /** A named human: every admin action is journaled with this name. */
  name: string;
}

// Development-only keys: the start refuses them in production (see below).
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
const DEV_PSEUDONYM_KEY = 'maia-development-pseudonym-key';
const DEV_ADMIN_TOKENS = 'dev-admin-token:admin:Admin Dev,dev-cdm-token:cdm:Karim Haddad,dev-dpo-token:dpo:DPO Dev';

/** Reads `.env` (if present) under the real environment, which wins. */
export function readEnv(path = '.env', env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFile = existsSync(path) ? parseDotenv(readFileSync(path)) : {};
  return { ...fromFile, ...env };
}

/**
 * Parses and validates the configuration. Throws an `AppError('CONFIG_INVALID')` whose
 * message is one line naming the faulty variable, so a bad value stops the start clearly.
 */
export function loadConfig(env: Record<string, string | undefined> = readEnv()): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? '?');
    const got = env[name];
    throw new AppError(
      'CONFIG_INVALID',
      `Invalid configuration: ${name} — ${issue.message}${got === undefined ? '' : ` (got "${String(got).slice(0, 60)}")`}`,
    );
  }
  const raw = result.data;
  const prod = raw.NODE_ENV === 'production';
  const need = (name: string, value: string | undefined, devDefault: string): string => {
    if (value) return value;
    if (prod) throw new AppError('CONFIG_INVALID', `Invalid configuration: ${name} — required in production`);
    return devDefault;
  };
  const encryptionKeys = parseKeys(need('ENCRYPTION_KEYS', raw.ENCRYPTION_KEYS, `dev:${DEV_ENCRYPTION_KEY}`));
  const pseudonymKey = Buffer.from(need('PSEUDONYM_KEY', raw.PSEUDONYM_KEY, DEV_PSEUDONYM_KEY));
  const adminTokens = parseAdminTokens(need('ADMIN_TOKENS', raw.ADMIN_TOKENS, DEV_ADMIN_TOKENS));
  if (prod && raw.TEAMS_MODE === 'local') {
    throw new AppError(
      'CONFIG_INVALID',
      'Invalid configuration: TEAMS_MODE — "local" (no Bot Framework authentication) is refused in production; use "bot" or "off"',
    );
  }
  if (raw.TEAMS_MODE === 'bot' && (!raw.MICROSOFT_APP_ID || !raw.MICROSOFT_APP_PASSWORD)) {
    if (raw.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' || !raw.MICROSOFT_APP_ID) {
      throw new AppError('CONFIG_INVALID', 'Invalid configuration: MICROSOFT_APP_ID — TEAMS_MODE=bot needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD');
    }
  }
  if (raw.TEAMS_MODE === 'bot' && raw.MICROSOFT_APP_TYPE === 'SingleTenant' && !raw.MICROSOFT_APP_TENANT_ID) {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration: MICROSOFT_APP_TENANT_ID — required for a SingleTenant bot');
  }
  if (raw.WHATSAPP_MODE === 'cloud') {
    for (const name of ['WHATSAPP_CLOUD_VERIFY_TOKEN', 'WHATSAPP_CLOUD_APP_SECRET', 'WHATSAPP_CLOUD_ACCESS_TOKEN', 'WHATSAPP_CLOUD_PHONE_NUMBER_ID'] as const) {
      if (!raw[name]) throw new AppError('CONFIG_INVALID', `Invalid configuration: ${name} — required when WHATSAPP_MODE=cloud`);
    }
  }
  if (raw.PINECONE_API_KEY && !raw.PINECONE_INDEX_HOST) {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration: PINECONE_INDEX_HOST — required when PINECONE_API_KEY is set');
  }
  return { ...raw, encryptionKeys, pseudonymKey, adminTokens };
}

function parseKeys(value: string): Config['encryptionKeys'] {
  const keys = value.split(',').map((entry) => {
    const [id, b64] = entry.trim().split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || !/^[a-z0-9_-]{1,16}$/i.test(id) || key.length !== 32) {
      throw new AppError(
        'CONFIG_INVALID',
        'Invalid configuration: ENCRYPTION_KEYS — expected "id:base64-32-bytes[,id:key…]" (generate one with `openssl rand -base64 32`)',
      );
    }
    return { id, key };
  });
  return keys;
}

function parseAdminTokens(value: string): AdminToken[] {
  return value.split(',').map((entry) => {
    const [token, role, ...name] = entry.trim().split(':');
    if (!token || token.length < 12 || !['admin', 'cdm', 'dpo'].includes(role ?? '') || name.join(':').trim() === '') {
      throw new AppError('CONFIG_INVALID', 'Invalid configuration: ADMIN_TOKENS — expected "token:role:Full Name[,…]" with role admin|cdm|dpo and tokens of 12+ characters');
    }
    return { token, role: role as StaffRole, name: name.join(':').trim() };
  });
}
