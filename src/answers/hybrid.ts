import type { Config } from '../config/index.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Providers, WebResult } from '../providers/index.js';
import { foldText, matchStem, tokenize } from '../providers/index.js';
import type { Answerer, AnswerRequest, AnswerResult, Audience } from './answerer.js';
import { composeExtractive } from './compose/extractive.js';
import { composeWithLlm, LlmCompositionError } from './compose/llm.js';
import type { ComposeInput, Composition } from './compose/types.js';
import { answerCopy, lookingForPhrase } from './copy.js';
import { asksFigure, chooseTier, DEFAULT_EVIDENCE, type EvidencePolicy, needsPublic } from './evidence.js';
import { defaultLexicon, type Lexicon } from './lexicon.js';
import { type AnalysedQuery, analyseQuery } from './query.js';
import { AUDIENCES_FOR, type Candidate } from './retrieval/passage.js';
import { HybridRetriever } from './retrieval/retriever.js';
import { PassageScorer } from './retrieval/scoring.js';
import type { Vocabulary } from './retrieval/vocabulary.js';
import { classifyScope } from './scope.js';
import { isSmallTalk } from './small-talk.js';

export interface HybridAnswererOptions {
  database: Database;
  providers: Providers;
  log?: Logger;
  lexicon?: Lexicon;
  evidence?: EvidencePolicy;
  /** Profile fields used for tailoring; others are ignored (minimisation). */
  allowedProfileFields?: readonly string[];
  /**
   * Where public sources come from. `snapshot` (default when no web search is configured):
   * the `knowledge/public` pages already in PostgreSQL, searched with the same hybrid
   * retriever as internal documents — measured 28/31 vs 22/31 top-1 on public questions
   * against going through the `WebSearch` port's plain full-text ranking. `web`: the port.
   */
  publicSource?: 'snapshot' | 'web';
}

const PASSAGES_FOR_COMPOSER = 4;
const TRACE_CHUNKS = 5;

/**
 * The answer step: scope check → internal documents → public sources → "je ne peux pas
 * répondre", each answer composed from its passages (LLM when configured, extractive
 * otherwise or when the LLM fails) and traced with its chunks and timings.
 */
export class HybridAnswerer implements Answerer {
  private readonly retriever: HybridRetriever;
  private readonly scorer = new PassageScorer();
  private readonly lexicon: Lexicon;
  private readonly evidence: EvidencePolicy;

  constructor(private readonly options: HybridAnswererOptions) {
    this.retriever = new HybridRetriever({
      sql: options.database.sql,
      search: options.database.search,
      embeddings: options.providers.embeddings,
      vectors: options.providers.vectors,
    });
    this.lexicon = options.lexicon ?? defaultLexicon();
    this.evidence = options.evidence ?? DEFAULT_EVIDENCE;
  }

  /**
   * Loads what the first question would otherwise pay for (vocabulary, vector matrix, French
   * word list, ~0.5 s): call it at worker start so no youth waits for it.
   */
  async warmUp(): Promise<void> {
    const vocabulary = await this.retriever.vocabularyNow();
    analyseQuery('préparer un entretien zzqx', this.lexicon, vocabulary);
    await this.retriever.retrieve(analyseQuery('entretien', this.lexicon, vocabulary), { tier: 'internal', audience: 'youth' });
  }

  async answer(request: AnswerRequest): Promise<AnswerResult> {
    const started = performance.now();
    const latency: Record<string, number> = {};
    const lap = (name: string, since: number) => (latency[name] = Math.round((performance.now() - since) * 100) / 100);
    const audience = request.audience;

    let t = performance.now();
    const vocabulary = await this.retriever.vocabularyNow();
    const query = analyseQuery(request.question, this.lexicon, vocabulary);
    lap('analyse', t);
    const finish = (result: Omit<AnswerResult, 'trace'> & { trace: Omit<AnswerResult['trace'], 'latency'> }): AnswerResult => {
      lap('total', started);
      return { ...result, trace: { ...result.trace, latency } };
    };

    if (isSmallTalk(query)) {
      return finish({ kind: 'answer', tier: 'none', text: answerCopy.smalltalk[audience], sources: [], trace: { composer: 'smalltalk', chunks: [] } });
    }
    const scope = classifyScope(query, vocabulary);
    if (scope.verdict !== 'in') {
      const reason = scope.verdict === 'out_of_scope' ? 'out_of_scope' : 'no_source';
      const text = scope.verdict === 'out_of_scope' ? answerCopy.refusal.out_of_scope(audience) : answerCopy.refusal[scope.category](audience);
      return finish({ kind: 'refusal', tier: 'none', reason, text, sources: [], trace: { composer: `scope:${scope.category}`, chunks: [] } });
    }

    const lookingFor = profileLookingFor(request.profile, this.options.allowedProfileFields);
    const profileStems = profileStemsOf(request.profile, this.options.allowedProfileFields);
    t = performance.now();
    // The snapshot is local and cheap: search both tiers at once. A live web search is a
    // network round trip, made only when the internal answer is weak or hands over.
    const snapshot = this.options.publicSource !== 'web';
    const retrieved = await this.retriever.retrieveTiers(query, snapshot ? ['internal', 'public'] : ['internal'], { audience, profileStems });
    const internal = retrieved.internal!;
    const snapshotPublic = snapshot ? retrieved.public : undefined;
    for (const [k, v] of Object.entries(internal.latency)) latency[`internal.${k}`] = v;
    lap('retrieve', t);
    const topInternal = internal.candidates[0];
    let publicCandidates = snapshotPublic?.candidates ?? [];
    if (!snapshot && needsPublic(topInternal, this.evidence)) {
      t = performance.now();
      publicCandidates = await this.searchPublic(query, audience, vocabulary);
      lap('web', t);
    }
    const tier = chooseTier(topInternal, publicCandidates[0], this.evidence, snapshot ? 'public' : 'web', asksFigure(query.phrase));

    // No passage good enough (or the LLM found the extracts insufficient): the honest refusal.
    const noSource = (trace: Omit<AnswerResult['trace'], 'latency'>) =>
      finish({ kind: 'refusal', tier: 'none', reason: 'no_source', text: answerCopy.refusal.no_source(audience), sources: [], trace });
    if (!tier) {
      const considered = [...internal.candidates.slice(0, 3), ...publicCandidates.slice(0, 2)];
      return noSource({ composer: 'none', chunks: traceChunks(considered) });
    }

    const ranked = tier === 'internal' ? internal.candidates : publicCandidates;
    t = performance.now();
    const composed = await this.compose({
      question: request.question,
      query,
      audience,
      tier,
      passages: ranked.slice(0, PASSAGES_FOR_COMPOSER),
      vocabulary,
      lookingFor: lookingFor ? lookingForPhrase(lookingFor) : undefined,
    });
    lap('compose', t);
    if (!composed) return noSource({ composer: 'llm:not-enough', model: this.options.providers.llm?.model, chunks: traceChunks(ranked) });
    const usedFirst = [...composed.used, ...ranked.filter((c) => !composed.used.includes(c))];
    return finish({
      kind: 'answer',
      tier,
      text: composed.text,
      sources: sourcesOf(composed.used),
      trace: {
        composer: composed.composer,
        ...(composed.model ? { model: composed.model } : {}),
        tailored: composed.tailored,
        chunks: traceChunks(usedFirst),
      },
    });
  }

  /** LLM when configured; on any failure (timeout, bad JSON, invented citation) the extractive answer. */
  private async compose(input: ComposeInput): Promise<Composition | undefined> {
    const llm = this.options.providers.llm;
    if (!llm) return composeExtractive(input);
    try {
      const result = await composeWithLlm(llm, input);
      if (!result.enough) return undefined;
      return result;
    } catch (err) {
      const kind = err instanceof LlmCompositionError ? err.kind : 'error';
      this.options.log?.warn({ kind, model: llm.model }, 'llm composer failed, extractive fallback');
      return { ...composeExtractive(input), composer: `extractive (repli : ${kind})`, model: llm.model };
    }
  }

  private async searchPublic(query: AnalysedQuery, audience: Audience, vocabulary: Vocabulary): Promise<Candidate[]> {
    let results: WebResult[];
    try {
      results = await this.options.providers.web.search({
        text: query.text,
        terms: query.terms.map((t) => t.word),
        audiences: AUDIENCES_FOR[audience],
        limit: 6,
      });
    } catch (err) {
      this.options.log?.warn({ err: (err as Error).message, kind: this.options.providers.web.kind }, 'web search failed');
      return [];
    }
    // Re-scored with the same measures as internal passages, so one evidence policy applies;
    // the engine's own order is kept as a small prior (it knows the pages, we see snippets).
    const scored = results.map((r, i): Candidate => {
      const passage = { id: r.id, documentId: r.id.split('#')[0]!, title: r.title, headingPath: r.title, text: r.snippet, topics: [], audience: 'all' as const, tier: 'public' as const, url: r.url, site: r.site };
      const { bm25, coverage, headingCoverage } = this.scorer.score(query, passage, vocabulary);
      return { ...passage, bm25, coverage, headingCoverage, score: 0.3 / (i + 1), profileMatch: false };
    });
    const maxBm25 = Math.max(1e-9, ...scored.map((c) => c.bm25));
    for (const c of scored) c.score += c.bm25 / maxBm25 + c.coverage;
    const candidates = scored;
    return candidates.sort((a, b) => b.score - a.score);
  }
}

/** Builds the answerer from configuration and providers. */
export function createAnswerer(deps: { config: Config; db: Database; providers: Providers; log?: Logger }): HybridAnswerer {
  return new HybridAnswerer({
    database: deps.db,
    providers: deps.providers,
    log: deps.log,
    allowedProfileFields: deps.config.ALLOWED_PROFILE_FIELDS,
    publicSource: deps.config.WEB_SEARCH_URL ? 'web' : 'snapshot',
  });
}

function sourcesOf(used: Candidate[]): AnswerResult['sources'] {
  const seen = new Set<string>();
  const out: AnswerResult['sources'] = [];
  for (const c of used) {
    if (seen.has(c.documentId)) continue;
    seen.add(c.documentId);
    out.push(c.url ? { title: c.title, url: c.url } : { title: c.title });
  }
  return out;
}

function traceChunks(candidates: Candidate[]): AnswerResult['trace']['chunks'] {
  return candidates.slice(0, TRACE_CHUNKS).map((c) => ({ id: c.id, score: Math.round(c.score * 10000) / 10000, tier: c.tier }));
}

function profileValue(profile: Record<string, unknown> | undefined, field: string, allowed?: readonly string[]): string | undefined {
  if (!profile || (allowed && !allowed.includes(field))) return undefined;
  const v = profile[field];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function profileLookingFor(profile: Record<string, unknown> | undefined, allowed?: readonly string[]): string | undefined {
  return profileValue(profile, 'lookingFor', allowed);
}

/** Stems of what the youth looks for and studies, to nudge matching passages up. */
function profileStemsOf(profile: Record<string, unknown> | undefined, allowed?: readonly string[]): Set<string> {
  const stems = new Set<string>();
  for (const field of ['lookingFor', 'searchStage', 'studyField']) {
    const value = profileValue(profile, field, allowed);
    if (value) for (const token of tokenize(foldText(value))) if (token.length > 2) stems.add(matchStem(token));
  }
  return stems;
}
