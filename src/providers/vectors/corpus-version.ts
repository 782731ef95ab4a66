import type { Sql } from '../../db/client.js';

/**
 * A cheap fingerprint of the knowledge base: changes whenever a document is added, changed
 * (ingestion bumps `updated_at`) or removed. Caches built from PostgreSQL (local vectors,
 * vocabulary) compare it instead of reloading on a timer.
 */
export async function corpusVersion(sql: Sql): Promise<string> {
  const rows = await sql<{ n: number; at: string | null }[]>`
    select count(*)::int as n, max(updated_at)::text as at from documents`;
  const row = rows[0];
  return `${row?.n ?? 0}:${row?.at ?? ''}`;
}

/** Runs `load` again when the corpus version changed, checking at most every `checkEveryMs`. */
export class VersionedCache<T> {
  private value: T | undefined;
  private version: string | undefined;
  private checkedAt = 0;
  private pending: Promise<T> | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly load: () => Promise<T>,
    /** Default 2 s: a fresh ingestion is visible within seconds, at ~1 query per 2 s. */
    private readonly checkEveryMs = 2000,
  ) {}

  async get(): Promise<T> {
    if (this.value !== undefined && Date.now() - this.checkedAt < this.checkEveryMs) return this.value;
    this.pending ??= this.refresh().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the cached value (after an ingestion in this process). */
  invalidate(): void {
    this.checkedAt = 0;
    this.version = undefined;
  }

  private async refresh(): Promise<T> {
    const version = await corpusVersion(this.sql);
    this.checkedAt = Date.now();
    if (this.value !== undefined && version === this.version) return this.value;
    const value = await this.load();
    this.value = value;
    this.version = version;
    return value;
  }
}
