import { loadConfig } from '../config/index.js';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { createLogger } from '../log.js';
import { createProviders } from '../providers/index.js';
import { ingestDirectory, type IngestProgress, type IngestSummary } from './ingest.js';

const STATUS_LABEL: Record<IngestProgress['status'], string> = {
  added: 'ajouté',
  updated: 'mis à jour',
  unchanged: 'inchangé',
  skipped: 'ignoré',
  removed: 'supprimé',
};

/**
 * `maia ingest`: brings the database and vector index in line with a knowledge directory.
 * Progress goes to stderr (one line per file that changed), the summary to stdout.
 * Exit code 0 when every file was usable, 1 when some were skipped, 2 on failure.
 */
export async function ingestCommand(args: { dir: string; databaseUrl: string }): Promise<number> {
  const config = loadConfig({ ...process.env, DATABASE_URL: args.databaseUrl });
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  await runMigrations(args.databaseUrl);
  const database = openDatabase(args.databaseUrl, 2);
  try {
    const providers = createProviders(config, { sql: database.sql });
    const summary = await ingestDirectory(database, args.dir, {
      embeddings: providers.embeddings,
      vectors: providers.vectors,
      log,
      onProgress: (e) => {
        if (e.status === 'unchanged') return;
        const detail = e.reason ? ` — ${e.reason}` : e.chunks !== undefined ? ` (${e.chunks} passages)` : '';
        process.stderr.write(`[${e.done}/${e.total}] ${STATUS_LABEL[e.status]} : ${e.file}${detail}\n`);
      },
    });
    process.stdout.write(`${formatIngestSummary(summary)}\n`);
    return summary.skipped.length ? 1 : 0;
  } catch (err) {
    process.stderr.write(`Échec de l'indexation : ${(err as Error).message}\n`);
    return 2;
  } finally {
    await database.close();
  }
}

export function formatIngestSummary(s: IngestSummary): string {
  const rate = s.ms > 0 ? Math.round((s.chunks / s.ms) * 1000) : 0;
  const lines = [
    `Indexation terminée en ${(s.ms / 1000).toFixed(1)} s : ${s.added} ajouté(s), ${s.updated} mis à jour, ${s.unchanged} inchangé(s), ${s.removed} supprimé(s), ${s.skipped.length} ignoré(s).`,
    `${s.chunks} passage(s) écrit(s)${s.chunks ? ` (${rate} passages/s)` : ''}.`,
  ];
  for (const skip of s.skipped) lines.push(`  ignoré : ${skip.file} — ${skip.reason}`);
  return lines.join('\n');
}
