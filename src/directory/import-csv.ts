import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Tx } from '../outbox/outbox.js';
import { toE164 } from './phone.js';
import {
  DirectoryLineError,
  deactivateOtherPairs,
  ensurePair,
  ensurePortfolio,
  personByTeamsId,
  upsertPerson,
} from './people.js';

export const REQUIRED_COLUMNS = ['mentor_teams_id', 'mentor_first_name', 'mentor_last_name', 'youth_phone', 'youth_first_name'] as const;
export const OPTIONAL_COLUMNS = ['cdm_teams_id'] as const;

export interface ImportError {
  /** Line in the file (the header is line 1). */
  line: number;
  /** French, for the NQT staff member who runs the import. */
  reason: string;
}

export interface ImportReport {
  /** Lines that created a pair (and the people it needed). */
  created: number;
  /** Lines that changed an existing pair or person (names, mentor change, portfolio…). */
  updated: number;
  /** Lines already true in the directory. */
  unchanged: number;
  errors: ImportError[];
}

const name = z
  .string()
  .trim()
  .min(1, 'vide')
  .max(80, 'trop long (80 caractères au plus)')
  .regex(/^\p{L}[\p{L}\p{M}' .’-]*$/u, 'caractères inattendus');
const teamsId = z
  .string()
  .trim()
  .regex(/^[^\s,;]{3,200}$/, 'identifiant Teams invalide');

const lineSchema = z.object({
  mentor_teams_id: teamsId,
  mentor_first_name: name,
  mentor_last_name: name,
  youth_phone: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const e164 = toE164(v);
      if (!e164) ctx.addIssue({ code: 'custom', message: 'numéro de téléphone invalide' });
      return e164 ?? '';
    }),
  youth_first_name: name,
  cdm_teams_id: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(teamsId.optional()),
});
type Line = z.infer<typeof lineSchema>;

/**
 * Imports mentor–youth pairs from NQT's directory export. Each line is validated, then applied
 * in its own transaction, so a bad line is reported and the others still go in. Re-importing the
 * same file changes nothing. A youth has one mentor at a time: a line naming a new mentor ends
 * the previous pair. The chargé de mission of a line must already be known as such (an import
 * never grants staff rights).
 */
export async function importPairsCsv(db: Db, csvText: string): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, errors: [] };
  const parsed = parseCsv(csvText, report);
  if (!parsed) return report;

  // Which mentor each youth got earlier in this file: two mentors for one youth is a mistake.
  const mentorOfYouth = new Map<string, { line: number; mentor: string }>();
  for (const { line, record } of parsed) {
    const result = lineSchema.safeParse(record);
    if (!result.success) {
      report.errors.push({ line, reason: describeIssues(result.error) });
      continue;
    }
    const row = result.data;
    const earlier = mentorOfYouth.get(row.youth_phone);
    if (earlier && earlier.mentor !== row.mentor_teams_id) {
      report.errors.push({ line, reason: `ce jeune a déjà un autre mentor ligne ${earlier.line}` });
      continue;
    }
    try {
      const outcome = await db.transaction((tx) => applyLine(tx, row));
      report[outcome]++;
      mentorOfYouth.set(row.youth_phone, { line, mentor: row.mentor_teams_id });
    } catch (err) {
      const reason = err instanceof DirectoryLineError ? err.reason : `erreur inattendue (${(err as Error).message.slice(0, 120)})`;
      report.errors.push({ line, reason });
    }
  }
  return report;
}

async function applyLine(tx: Tx, row: Line): Promise<'created' | 'updated' | 'unchanged'> {
  const mentor = await upsertPerson(tx, {
    address: { channel: 'teams', value: row.mentor_teams_id },
    role: 'mentor',
    acceptRoles: ['mentor', 'staff'],
    firstName: row.mentor_first_name,
    lastName: row.mentor_last_name,
  });
  const youth = await upsertPerson(tx, {
    address: { channel: 'whatsapp', phone: row.youth_phone },
    role: 'youth',
    acceptRoles: ['youth'],
    firstName: row.youth_first_name,
  });
  let cdmId: string | undefined;
  if (row.cdm_teams_id) {
    const cdm = await personByTeamsId(tx, row.cdm_teams_id);
    if (!cdm || cdm.role !== 'staff' || !cdm.staffRoles.includes('cdm')) {
      throw new DirectoryLineError("chargé·e de mission inconnu·e : cet identifiant Teams n'est pas enregistré comme chargé·e de mission");
    }
    cdmId = cdm.id;
  }

  const replaced = await deactivateOtherPairs(tx, youth.id, mentor.id);
  const pair = await ensurePair(tx, mentor.id, youth.id);
  const portfolio = cdmId ? await ensurePortfolio(tx, cdmId, youth.id) : false;

  if (mentor.created || youth.created || pair === 'created') return 'created';
  return mentor.changed || youth.changed || replaced > 0 || pair === 'reactivated' || portfolio ? 'updated' : 'unchanged';
}

interface ParsedLine {
  line: number;
  record: Record<string, string>;
}

function parseCsv(csvText: string, report: ImportReport): ParsedLine[] | undefined {
  let header: string[] = [];
  try {
    const rows = parse(csvText, {
      columns: (h: string[]) => (header = h.map((c) => c.trim().toLowerCase())),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      // French spreadsheets export with « ; ».
      delimiter: [',', ';'],
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        report.errors.push({ line: Number(err?.lines ?? 0), reason: CSV_ERRORS[String(err?.code)] ?? `ligne illisible (${err?.code ?? 'format CSV'})` });
        return undefined;
      },
      info: true,
    }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
    const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      report.errors.push({ line: 1, reason: `colonnes manquantes : ${missing.join(', ')}` });
      return undefined;
    }
    return rows.map((r) => ({ line: r.info.lines, record: r.record }));
  } catch (err) {
    const line = Number((err as { lines?: number }).lines ?? 1);
    report.errors.push({ line, reason: `fichier CSV illisible (${(err as Error).message.slice(0, 120)})` });
    return undefined;
  }
}

const CSV_ERRORS: Readonly<Record<string, string>> = {
  INVALID_OPENING_QUOTE: 'ligne illisible : guillemet mal placé',
  CSV_QUOTE_NOT_CLOSED: 'guillemet jamais fermé : la fin du fichier, à partir de ce guillemet, est ignorée',
  CSV_INVALID_CLOSING_QUOTE: 'ligne illisible : guillemet mal fermé',
};

/** « youth_phone : numéro de téléphone invalide ; … », the first problem of each column. */
function describeIssues(error: z.ZodError): string {
  const byColumn = new Map<string, string>();
  for (const i of error.issues) {
    const column = String(i.path[0] ?? '');
    if (!byColumn.has(column)) byColumn.set(column, i.code === 'invalid_type' ? 'manquant' : i.message);
  }
  return [...byColumn.entries()].map(([column, message]) => (column ? `${column} : ${message}` : message)).join(' ; ');
}

/** The report as the CLI prints it (French, one line per error). */
export function formatImportReport(r: ImportReport): string {
  const lines = [`Import terminé : ${r.created} créé(s), ${r.updated} mis à jour, ${r.unchanged} inchangé(s), ${r.errors.length} erreur(s).`];
  for (const e of r.errors) lines.push(`  ligne ${e.line} : ${e.reason}`);
  return lines.join('\n');
}
