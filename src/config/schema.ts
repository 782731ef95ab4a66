import { z } from 'zod';

/**
 * The one configuration schema. Every field is read from the environment (and `.env`),
 * documented in `.env.example` with the same default. Defaults point at the local
 * PostgreSQL and Redis so nothing needs setting on a developer machine.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(1, 65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/maia'),
  DATABASE_POOL_SIZE: int(2, 200).default(4),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i).default('maia'),
  TURN_CONCURRENCY: int(1, 256).default(8),
  TURN_ATTEMPTS: int(1, 50).default(5),
  ANSWER_CONCURRENCY: int(1, 256).default(8),
  DELIVER_CONCURRENCY: int(1, 256).default(16),
  DELIVER_ATTEMPTS: int(1, 50).default(8),
  DELIVER_LEASE_MS: int(100, 3_600_000).default(120_000),
  DEDUPE_TTL_SECONDS: int(60, 60 * 60 * 24 * 60).default(7 * 24 * 3600),
  MAX_INBOUND_CHARS: int(100, 100_000).default(4000),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: int(100, 600_000).default(20_000),

  // Charter
  AI_DISCLOSURE: z
    .string()
    .default("🤖 MAIA · service assisté par l'IA de NQT")
    .refine((v) => /assist[ée]e? par l['’]IA/i.test(v), {
      message: "must contain the words « assisté par l'IA » (NQT AI charter)",
    }),
  HUMAN_LABEL: z.string().default('✍️ Message de {name} (humain, pas une IA)'),
  CHARTER_VERSION: z.string().default('2025-06'),
  DPO_EMAIL: z.string().email().default('dpo@nqt.fr'),
  RETENTION_DAYS: int(1, 3650).default(365),
  ENCRYPTION_KEYS: optionalString,
  PSEUDONYM_KEY: optionalString,
  ADMIN_TOKENS: optionalString,
  MISUSE_REVIEW_THRESHOLD: int(1, 100).default(3),

  // Escalations
  ESCALATION_ACK_TIMEOUT_MINUTES: z.coerce.number().min(0.01).max(60 * 24 * 14).default(240),
  ESCALATION_CHANNEL: z.string().default('cdm-equipe'),
  ALERT_CHANNEL: z.string().default('alertes'),
  TAKEOVER_TIMEOUT_MINUTES: z.coerce.number().min(1).max(60 * 24 * 30).default(24 * 60),
  SILENT_DAYS: int(1, 365).default(21),
  SIMULATE_DRAIN_SECONDS: int(0, 3600).default(30),

  // Answers
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  LLM_MODEL: z.string().default('gpt-4o-mini'),
  LLM_TIMEOUT_MS: int(500, 120_000).default(12_000),
  LLM_MAX_RETRIES: int(0, 5).default(1),
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_DIMENSIONS: int(8, 4096).default(256),
  TRANSCRIPTION_MODEL: optionalString,
  PINECONE_API_KEY: optionalString,
  PINECONE_INDEX_HOST: optionalString,
  PINECONE_NAMESPACE: z.string().default('maia'),
  WEB_SEARCH_URL: optionalString,
  WEB_SEARCH_KIND: z.enum(['searxng', 'brave']).default('searxng'),
  WEB_SEARCH_API_KEY: optionalString,
  WEB_SEARCH_DOMAINS: csv.prefault(
    'service-public.fr,travail-emploi.gouv.fr,francetravail.fr,apec.fr,onisep.fr,3114.fr,mesdroitssociaux.gouv.fr,defenseurdesdroits.fr,cidj.com,unedic.org,caf.fr,1jeune1solution.gouv.fr',
  ),
  KNOWLEDGE_DIR: z.string().default('knowledge'),
  ALLOWED_PROFILE_FIELDS: csv.prefault('studyField,studyLevel,city,lookingFor,searchStage,goals'),

  // WhatsApp
  WHATSAPP_MODE: z.enum(['baileys', 'cloud', 'off']).default('off'),
  WHATSAPP_CLOUD_VERIFY_TOKEN: optionalString,
  WHATSAPP_CLOUD_APP_SECRET: optionalString,
  WHATSAPP_CLOUD_ACCESS_TOKEN: optionalString,
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: optionalString,
  WHATSAPP_CLOUD_GRAPH_URL: z.string().url().default('https://graph.facebook.com/v21.0'),
  WHATSAPP_CLOUD_TEMPLATE_NAME: optionalString,
  WHATSAPP_CLOUD_TEMPLATE_LANG: z.string().default('fr'),
  WHATSAPP_SILENCE_ALERT_MINUTES: int(1, 60 * 24 * 7).default(180),
  ONBOARDING_DAYS: csv.prefault('1,3,7,14'),

  // Teams
  TEAMS_MODE: z.enum(['bot', 'local', 'off']).default('local'),
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  TEAMS_APP_NAME: z.string().default('Super Mentor IA'),
  TEAMS_OPENID_METADATA_URL: z.string().url().default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  TEAMS_TOKEN_ISSUER: z.string().default('https://api.botframework.com'),
  TEAMS_LOGIN_URL: z.string().url().default('https://login.microsoftonline.com/botframework.com'),
  TEAMS_CHANNEL_ALIASES: z.string().default(''),
  PUBLIC_BASE_URL: optionalString,
});

export type RawConfig = z.infer<typeof configSchema>;
