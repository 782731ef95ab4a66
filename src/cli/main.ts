import { Command } from 'commander';
import { loadConfig, type Config } from '../config/index.js';
import { isAppError } from '../errors.js';
import { createLogger } from '../log.js';
import { runMigrations } from '../db/migrate.js';
import { simulate } from './simulate.js';
import { startMaia } from '../runtime/maia.js';
import { chat } from './chat.js';
import { doctor } from './doctor.js';
import { ingestCommand } from '../knowledge/index.js';
import { evalCommand } from '../answers/index.js';
import { readFile } from 'node:fs/promises';
import { formatImportReport, formatSeedSummary, importPairsCsv, seedDemo } from '../directory/index.js';
import { openDatabase, type Db } from '../db/client.js';
import { AppError } from '../errors.js';
import { indicators, type Indicators } from '../admin/report.js';
import { registerYouth, registerYouthInput } from '../admin/register.js';
import { journal } from '../privacy/audit.js';

function formatIndicators(r: Indicators): string {
  const kv = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join(', ') || '—';
  return [
    `Indicateurs MAIA du ${r.from.slice(0, 10)} au ${r.to.slice(0, 10)} (comptages anonymes)`,
    `  Réponses par niveau     : ${kv(r.answersByTier)}`,
    `  Refus par motif         : ${kv(r.refusalsByReason)}`,
    `  Escalades               : ${kv(r.escalations)} (ouvertes : ${r.minutesToAcknowledge.open})`,
    `  Délai de prise en charge: p50 ${r.minutesToAcknowledge.p50 ?? '—'} min, p95 ${r.minutesToAcknowledge.p95 ?? '—'} min`,
    `  Signalements par motif  : ${kv(r.reportsByReason)}`,
    `  Retours 👍/👎           : ${kv(r.feedback)}`,
    `  Consentements           : ${kv(r.consents)}`,
    `  Effacements             : ${r.erasures}`,
    `  Situations de crise     : ${r.crisisEvents}`,
    `  Latence des réponses    : p50 ${r.latencyMs.p50 ?? '—'} ms, p95 ${r.latencyMs.p95 ?? '—'} ms (${r.latencyMs.samples} mesures)`,
  ].join('\n');
}

const program = new Command();
program.name('maia').description("MAIA — services d'IA de NQT (Mentor IA, Super Mentor IA)").showHelpAfterError();

/** Migrated database for a one-off command, closed whatever happens. */
async function withDatabase(cfg: Config, work: (db: Db) => Promise<void>): Promise<void> {
  await runMigrations(cfg.DATABASE_URL);
  const database = openDatabase(cfg.DATABASE_URL, 2);
  try {
    await work(database.db);
  } finally {
    await database.close();
  }
}

function config(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

program
  .command('simulate')
  .description('JSON Lines in on stdin, JSON Lines out on stdout, through the full pipeline')
  .action(async () => {
    // Own queue prefix: a running server never picks up this run's jobs, nor the reverse.
    const cfg = config({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'maia'}-sim-${process.pid}` });
    const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
    const code = await simulate({
      input: process.stdin,
      write: (line) => process.stdout.write(line + '\n'),
      start: (adapters) => startMaia(cfg, { adapters, log, workers: true }),
    });
    process.exitCode = code;
  });

program
  .command('chat')
  .description('a conversation in the terminal, through the full pipeline')
  .option('--as <role>', 'youth | mentor', 'youth')
  .option('--user <id>', 'sender id (a phone number for a youth, a Teams id for a mentor)')
  .action(async (opts: { as: string; user?: string }) => {
    const cfg = config({ QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'maia'}-chat-${process.pid}` });
    process.exitCode = await chat(cfg, { as: opts.as === 'mentor' ? 'mentor' : 'youth', user: opts.user });
  });

program
  .command('migrate')
  .description('apply database migrations (safe to run from several processes)')
  .action(async () => {
    const cfg = config();
    await runMigrations(cfg.DATABASE_URL);
    console.log('Migrations appliquées.');
  });

program
  .command('ingest')
  .argument('[dir]', 'folder of the document base', 'knowledge')
  .description('index the document base (Markdown, text, HTML, PDF, DOCX); incremental')
  .action(async (dir: string) => {
    process.exitCode = await ingestCommand({ dir, databaseUrl: config().DATABASE_URL });
  });

program
  .command('eval')
  .argument('[file]', 'question set (JSON Lines)', 'test/eval/questions.jsonl')
  .description('measure retrieval and answers on a question set, against a plain BM25 baseline')
  .action(async (file: string) => {
    process.exitCode = await evalCommand({ file, databaseUrl: config().DATABASE_URL });
  });

program
  .command('doctor')
  .description('check configuration, PostgreSQL, Redis and providers')
  .action(async () => {
    process.exitCode = await doctor(process.env);
  });

program
  .command('report')
  .description('indicators for continuous improvement (counts only, no personal data)')
  .option('--from <date>', 'start (ISO date), default 30 days ago')
  .option('--to <date>', 'end (ISO date), default now')
  .option('--json', 'print JSON')
  .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
    await withDatabase(config(), async (db) => {
      const to = opts.to ? new Date(opts.to) : new Date();
      const from = opts.from ? new Date(opts.from) : new Date(to.getTime() - 30 * 86_400_000);
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new AppError('INPUT_INVALID', 'dates must be ISO dates, e.g. 2026-11-01');
      const report = await indicators(db, from, to);
      console.log(opts.json ? JSON.stringify(report, null, 2) : formatIndicators(report));
    });
  });

program
  .command('youth')
  .description('youth registration')
  .command('add')
  .description('register a youth and send the welcome and consent message on WhatsApp')
  .requiredOption('--phone <e164>', 'WhatsApp number, e.g. +33612345678')
  .requiredOption('--first-name <name>', 'first name')
  .option('--mentor <teamsId>', "mentor's Teams id")
  .option('--city <city>')
  .option('--looking-for <what>', 'stage | alternance | cdi | cdd | emploi')
  .option('--study-field <field>')
  .option('--study-level <level>')
  .action(async (opts: Record<string, string | undefined>) => {
    const cfg = config();
    const runtime = await startMaia(cfg, { adapters: {}, workers: false, ingest: false, log: createLogger('warn') });
    try {
      const profile = Object.fromEntries(
        Object.entries({ city: opts.city, lookingFor: opts.lookingFor, studyField: opts.studyField, studyLevel: opts.studyLevel }).filter(([, v]) => v),
      );
      const input = registerYouthInput.parse({ phone: opts.phone, firstName: opts.firstName, mentorTeamsId: opts.mentor, profile: Object.keys(profile).length ? profile : undefined });
      const r = await registerYouth(runtime, input);
      await journal(runtime.db, { actor: `cli:${process.env.USER ?? 'operator'}`, action: 'youth.registered', subject: runtime.pseudo(`person:${r.personId}`) });
      console.log(r.created ? 'Jeune inscrit·e ; le message de bienvenue part dès qu’un worker tourne.' : 'Jeune déjà inscrit·e : profil mis à jour.');
    } finally {
      await runtime.close();
    }
  });

const seed = program.command('seed').description('demonstration data');
seed
  .command('demo')
  .description('load the demo association (Claire, Thomas, Karim, Inès, Yanis, Aïcha, Lucas) — safe to re-run')
  .action(async () => {
    const cfg = config();
    await withDatabase(cfg, async (db) => console.log(formatSeedSummary(await seedDemo(db, cfg))));
  });

program
  .command('directory')
  .description('mentors, chargés de mission and their youths')
  .command('import <file>')
  .description('import mentor ↔ youth pairs from a CSV file (see README)')
  .action(async (file: string) => {
    await withDatabase(config(), async (db) => {
      const report = await importPairsCsv(db, await readFile(file, 'utf8'));
      await journal(db, { actor: `cli:${process.env.USER ?? 'operator'}`, action: 'directory.imported', detail: { created: report.created, updated: report.updated, errors: report.errors.length } });
      console.log(formatImportReport(report));
      process.exitCode = report.errors.length ? 2 : 0;
    });
  });

program
  .command('whatsapp')
  .description('WhatsApp')
  .command('pair')
  .description('pair the WhatsApp number (Baileys mode): a QR code to scan, or a pairing code with --phone')
  .option('--phone <e164>', 'ask for a pairing code for this number instead of a QR code')
  .option('--reset', 'forget the current pairing first')
  .action(async (opts: { phone?: string; reset?: boolean }) => {
    const cfg = config({ WHATSAPP_MODE: 'baileys' });
    await runMigrations(cfg.DATABASE_URL);
    const { createBaileysChannel } = await import('../../adapters/whatsapp-baileys/index.js');
    const result = await createBaileysChannel(cfg, createLogger('warn')).pair({ phoneNumber: opts.phone, reset: opts.reset });
    process.exitCode = result.ok ? 0 : 1;
  });

const teams = program.command('teams').description('Microsoft Teams (Super Mentor IA)');
teams
  .command('manifest')
  .description('build the Teams app package (manifest.json + icons, zip) from the configuration')
  .option('--out <file>', 'zip to write', 'maia-teams-app.zip')
  .option('--version <semver>', 'app version (raise it on every update)', '1.0.0')
  .action(async (opts: { out: string; version: string }) => {
    const { buildTeamsManifest } = await import('../../adapters/teams/manifest.js');
    const file = await buildTeamsManifest(config(), opts.out, { version: opts.version });
    console.log(`Paquet Teams écrit : ${file}`);
  });

program.hook('preAction', () => {
  process.on('unhandledRejection', (err) => {
    console.error(err);
    process.exit(1);
  });
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(isAppError(err) ? err.message : err);
  process.exitCode = isAppError(err, 'CONFIG_INVALID') ? 78 : 1;
}
