import type { Config } from '../config/index.js';
import type { Sql } from '../db/client.js';
import { HashedEmbeddings } from './embeddings/hashed.js';
import { OpenAiEmbeddings } from './embeddings/openai.js';
import { OpenAiChat } from './llm/openai.js';
import type { Providers } from './ports.js';
import { LocalVectorIndex } from './vectors/local.js';
import { PineconeVectorIndex } from './vectors/pinecone.js';
import { LiveWebSearch } from './web-search/live.js';
import { SnapshotWebSearch } from './web-search/snapshot.js';

export type * from './ports.js';
export { HashedEmbeddings, fnv1a } from './embeddings/hashed.js';
export { OpenAiEmbeddings } from './embeddings/openai.js';
export { contentStems, foldText, lightStem, matchStem, STOPWORDS, tokenize } from './embeddings/french-text.js';
export { OpenAiChat } from './llm/openai.js';
export { LocalVectorIndex } from './vectors/local.js';
export { PineconeVectorIndex } from './vectors/pinecone.js';
export { corpusVersion, VersionedCache } from './vectors/corpus-version.js';
export { LiveWebSearch } from './web-search/live.js';
export { SnapshotWebSearch } from './web-search/snapshot.js';
export { isAllowedUrl, siteOf } from './web-search/domains.js';

// Local servers (Ollama, vLLM) take no key, but the openai package insists on one.
const KEYLESS = 'not-needed';

/**
 * Builds the providers from configuration. Each port falls back to its offline default:
 * hashed embeddings, the in-memory index over `chunks.embedding`, no LLM (extractive
 * answers), and the `knowledge/public` snapshot as the "web". `sql` backs the defaults.
 */
export function createProviders(config: Config, deps: { sql: Sql }): Providers {
  const llmEndpoint = Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);
  const apiKey = config.OPENAI_API_KEY ?? KEYLESS;

  const embeddings =
    config.EMBEDDINGS_MODEL && llmEndpoint
      ? new OpenAiEmbeddings({
          apiKey,
          baseURL: config.OPENAI_BASE_URL,
          model: config.EMBEDDINGS_MODEL,
          dimensions: config.EMBEDDINGS_DIMENSIONS,
          timeoutMs: config.LLM_TIMEOUT_MS,
          maxRetries: config.LLM_MAX_RETRIES,
        })
      : new HashedEmbeddings(config.EMBEDDINGS_DIMENSIONS);

  const vectors =
    config.PINECONE_API_KEY && config.PINECONE_INDEX_HOST
      ? new PineconeVectorIndex({
          apiKey: config.PINECONE_API_KEY,
          host: config.PINECONE_INDEX_HOST,
          namespace: config.PINECONE_NAMESPACE,
        })
      : new LocalVectorIndex(config.EMBEDDINGS_DIMENSIONS, deps.sql);

  const llm = llmEndpoint
    ? new OpenAiChat({
        apiKey,
        baseURL: config.OPENAI_BASE_URL,
        model: config.LLM_MODEL,
        timeoutMs: config.LLM_TIMEOUT_MS,
        maxRetries: config.LLM_MAX_RETRIES,
      })
    : undefined;

  const web = config.WEB_SEARCH_URL
    ? new LiveWebSearch({
        kind: config.WEB_SEARCH_KIND,
        url: config.WEB_SEARCH_URL,
        apiKey: config.WEB_SEARCH_API_KEY,
        domains: config.WEB_SEARCH_DOMAINS,
      })
    : new SnapshotWebSearch(deps.sql, { embeddings, vectors });

  return { embeddings, vectors, llm, web };
}
