import { loadConfig } from '../config/index.js';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { ingestDirectory } from '../knowledge/ingest.js';
import { createLogger } from '../log.js';
import { createProviders } from '../providers/index.js';
import { EVAL_TARGETS, formatEvalReport, meetsTargets, runEval } from './eval.js';
import { createAnswerer } from './hybrid.js';

/**
 * `maia eval`: answers every question of the evaluation file (default
 * `test/eval/questions.jsonl`) with the configured answerer and with a plain BM25 baseline,
 * and prints the comparison. The knowledge directory is ingested first (incremental: a
 * no-op when nothing changed) unless `ingest` is false, so the figures match the files.
 * Exit code 0 when the targets are met, 1 when not, 2 on failure.
 */
export async function evalCommand(args: { file?: string; databaseUrl: string; dir?: string; ingest?: boolean }): Promise<number> {
  const config = loadConfig({ ...process.env, DATABASE_URL: args.databaseUrl });
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  await runMigrations(args.databaseUrl);
  const database = openDatabase(args.databaseUrl, 4);
  try {
    const providers = createProviders(config, { sql: database.sql });
    if (args.ingest !== false) {
      const s = await ingestDirectory(database, args.dir ?? config.KNOWLEDGE_DIR, { embeddings: providers.embeddings, vectors: providers.vectors, log });
      process.stderr.write(`base : ${s.added} ajouté(s), ${s.updated} mis à jour, ${s.unchanged} inchangé(s), ${s.removed} supprimé(s), ${s.skipped.length} ignoré(s)\n`);
    }
    const answerer = createAnswerer({ config, db: database, providers, log });
    await answerer.warmUp();
    const report = await runEval({
      db: database,
      answerer,
      file: args.file ?? 'test/eval/questions.jsonl',
      onProgress: (done, total) => {
        if (done % 20 === 0 || done === total) process.stderr.write(`  ${done}/${total} questions\n`);
      },
    });
    const composer = providers.llm ? `LLM ${providers.llm.model}` : 'extractif (hors ligne)';
    process.stdout.write(`Composition : ${composer} · embeddings : ${providers.embeddings.id} · index : ${providers.vectors.kind}\n`);
    process.stdout.write(`${formatEvalReport(report)}\n`);
    const ok = meetsTargets(report);
    process.stdout.write(
      ok
        ? 'Objectifs atteints.\n'
        : `Objectifs non atteints (hit@3 ≥ ${EVAL_TARGETS.hitAt3}, refus précision ≥ ${EVAL_TARGETS.refusalPrecision}, rappel ≥ ${EVAL_TARGETS.refusalRecall}, hit@1 ≥ BM25 + ${EVAL_TARGETS.hitAt1Margin}).\n`,
    );
    return ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`Échec de l'évaluation : ${(err as Error).message}\n`);
    return 2;
  } finally {
    await database.close();
  }
}
