import OpenAI from 'openai';
import type { EmbeddingProvider } from '../ports.js';
import { normalise } from './hashed.js';

export interface OpenAiEmbeddingsOptions {
  apiKey: string;
  /** Any OpenAI-compatible endpoint; undefined = api.openai.com. */
  baseURL?: string;
  model: string;
  /** Sent as `dimensions` (text-embedding-3-* shorten natively); checked on the way back. */
  dimensions: number;
  timeoutMs: number;
  maxRetries: number;
  /** Texts per request. Default 64: well under every provider's limit. */
  batchSize?: number;
}

/** Embeddings from an OpenAI-compatible `/embeddings` endpoint. */
export class OpenAiEmbeddings implements EmbeddingProvider {
  readonly id: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly batchSize: number;

  constructor(private readonly options: OpenAiEmbeddingsOptions) {
    this.dimensions = options.dimensions;
    this.id = `openai:${options.model}:${options.dimensions}`;
    this.batchSize = options.batchSize ?? 64;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
  }

  async embed(texts: string[], _kind?: 'document' | 'query'): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize);
      const response = await this.client.embeddings.create({
        model: this.options.model,
        input: batch,
        dimensions: this.dimensions,
        encoding_format: 'float',
      });
      const sorted = [...response.data].sort((a, b) => a.index - b.index);
      for (const item of sorted) {
        if (item.embedding.length !== this.dimensions) {
          throw new Error(`embedding has ${item.embedding.length} dimensions, expected ${this.dimensions} (EMBEDDINGS_DIMENSIONS)`);
        }
        const vector = Float32Array.from(item.embedding);
        normalise(vector);
        out.push(vector);
      }
    }
    if (out.length !== texts.length) throw new Error(`embeddings endpoint returned ${out.length} vectors for ${texts.length} texts`);
    return out;
  }
}
