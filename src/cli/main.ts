import { Command } from 'commander';
import { loadConfig, type Config } from '../config/index.js';
import { isAppError } from '../errors.js';
import { createLogger } from '../log.js';
import { runMigrations } from '../db/migrate.js';
import { simulate } from './simulate.js';
import { startMaia } from '../runtime/maia.js';
import { chat } from './chat.js';
import { doctor } from './doctor.js';

const program = new Command();
program.name('maia').description("MAIA — services d'IA de NQT (Mentor IA, Super Mentor IA)").showHelpAfterError();

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
  .command('doctor')
  .description('check configuration, PostgreSQL, Redis and providers')
  .action(async () => {
    process.exitCode = await doctor(process.env);
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
