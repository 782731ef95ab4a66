import { basename, extname } from 'node:path';
import type { DocAudience, DocTier } from '../providers/index.js';
import { type ParsedDocument, UnusableFileError } from './parsers/index.js';

export interface DocumentMeta {
  id: string;
  tier: DocTier;
  title: string;
  audience: DocAudience;
  topics: string[];
  url?: string;
  owner?: string;
  reviewed?: string;
}

const AUDIENCES: Record<string, DocAudience> = {
  youth: 'youth',
  jeune: 'youth',
  jeunes: 'youth',
  mentor: 'mentor',
  mentors: 'mentor',
  all: 'all',
  tous: 'all',
};

/**
 * Validates a parsed file's metadata in one place. Rules: files under `public/` are tier
 * `public` and must carry their source URL (the charter: every answer says where it comes
 * from); the audience defaults to `mentor` under `mentors/` and `all` elsewhere — a mentor
 * document must never reach a youth because someone forgot a front-matter line.
 */
export function documentMeta(id: string, parsed: ParsedDocument): DocumentMeta {
  const meta = parsed.meta;
  const tier: DocTier = id.startsWith('public/') ? 'public' : 'internal';
  const audience = parseAudience(meta.audience, id);
  const url = str(meta.url) ?? str(meta.source);
  if (url && !/^https?:\/\//i.test(url)) throw new UnusableFileError(`url invalide dans l'en-tête : « ${url.slice(0, 80)} »`);
  if (tier === 'public' && !url) throw new UnusableFileError("source publique sans url dans l'en-tête (champ « url » obligatoire sous public/)");
  const title = (str(meta.title) ?? parsed.title ?? humanise(id)).slice(0, 300);
  return {
    id,
    tier,
    title,
    audience,
    topics: parseTopics(meta.topics),
    url,
    owner: str(meta.owner) ?? str(meta.site),
    reviewed: meta.reviewed instanceof Date ? meta.reviewed.toISOString().slice(0, 10) : str(meta.reviewed),
  };
}

function parseAudience(value: unknown, id: string): DocAudience {
  const fallback: DocAudience = id.startsWith('mentors/') ? 'mentor' : 'all';
  if (value === undefined || value === null || value === '') return fallback;
  const values = (Array.isArray(value) ? value : String(value).split(/[,;]/)).map((v) => String(v).trim().toLowerCase());
  const mapped = values.map((v) => AUDIENCES[v]);
  if (mapped.some((m) => m === undefined)) {
    throw new UnusableFileError(`audience inconnue « ${values.join(', ')} » (attendu : youth, mentor ou all)`);
  }
  const set = new Set(mapped);
  if (set.has('all') || (set.has('youth') && set.has('mentor'))) return 'all';
  return [...set][0]!;
}

function parseTopics(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return [...new Set(list.map((t) => String(t).trim().toLowerCase()).filter(Boolean))];
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function humanise(id: string): string {
  const name = basename(id, extname(id)).replace(/[-_]+/g, ' ').trim();
  return name.charAt(0).toUpperCase() + name.slice(1);
}
