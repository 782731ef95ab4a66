/**
 * The ports the answer side owns and the providers implement. Each has an offline default
 * (no network, no key, no model download) and a real implementation.
 */

export type DocAudience = 'youth' | 'mentor' | 'all';
export type DocTier = 'internal' | 'public';

/** Turns texts into vectors. Documents and queries may be embedded differently (E5-style). */
export interface EmbeddingProvider {
  /**
   * Stable identity (`kind:model:dimensions`). It is part of each file's content hash, so
   * switching model re-embeds the whole base on the next ingestion instead of mixing spaces.
   */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[], kind: 'document' | 'query'): Promise<Float32Array[]>;
}

export interface VectorMetadata {
  documentId: string;
  audience: DocAudience;
  tier: DocTier;
}

export interface VectorRecord {
  id: string;
  values: Float32Array;
  metadata: VectorMetadata;
}

export interface VectorQuery {
  vector: Float32Array;
  topK: number;
  /** Audiences allowed to see the result (a youth: youth + all). Always applied. */
  audiences: readonly DocAudience[];
  tier?: DocTier;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

/** Nearest-neighbour search over chunk embeddings with metadata filters. */
export interface VectorIndex {
  readonly kind: string;
  upsert(records: VectorRecord[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
  query(query: VectorQuery): Promise<VectorMatch[]>;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  messages: ChatMessage[];
  /** Ask for a JSON object (`response_format: json_object`). */
  json?: boolean;
  /** Default 400: answers are short (WhatsApp). */
  maxTokens?: number;
  /** Default 0.2: grounded answers, little invention. */
  temperature?: number;
}

export interface Completion {
  text: string;
  model: string;
}

/** A chat-completion model. Timeouts and retries are the provider's, set from config. */
export interface LlmProvider {
  readonly model: string;
  complete(request: CompletionRequest): Promise<Completion>;
}

export interface WebQuery {
  /** The cleaned question, as a person would type it in a search engine. */
  text: string;
  /** Normalised, expanded and typo-corrected words, for engines that match words. */
  terms: string[];
  audiences: readonly DocAudience[];
  /** Default 5. */
  limit?: number;
}

export interface WebResult {
  /** Stable id for traces: a chunk id for the snapshot, the URL for a live engine. */
  id: string;
  title: string;
  url: string;
  /** Host without "www.", e.g. "service-public.fr". */
  site: string;
  snippet: string;
}

/** Public web sources restricted to trusted domains. */
export interface WebSearch {
  readonly kind: string;
  search(query: WebQuery): Promise<WebResult[]>;
}

/** Everything the answer side and the ingestion need from the outside world. */
export interface Providers {
  embeddings: EmbeddingProvider;
  vectors: VectorIndex;
  /** Absent when no OpenAI-compatible endpoint is configured: the extractive composer answers. */
  llm?: LlmProvider;
  web: WebSearch;
}
