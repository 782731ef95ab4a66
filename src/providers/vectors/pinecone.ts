import { Pinecone, type Index } from '@pinecone-database/pinecone';
import type { VectorIndex, VectorMatch, VectorQuery, VectorRecord } from '../ports.js';

export interface PineconeIndexOptions {
  apiKey: string;
  /** The index host from the Pinecone console (`my-index-abc123.svc….pinecone.io`), or a full URL. */
  host: string;
  namespace: string;
  /** Records per upsert request. Default 100: Pinecone's recommended batch size. */
  batchSize?: number;
  /** Retries inside the SDK. Default 2; the answer job has its own retries on top. */
  maxRetries?: number;
}

type Metadata = { documentId: string; audience: string; tier: string };

/** Pinecone serverless/pod index through the official SDK (data plane only: no control calls). */
export class PineconeVectorIndex implements VectorIndex {
  readonly kind = 'pinecone';
  private readonly index: Index<Metadata>;
  private readonly batchSize: number;

  constructor(options: PineconeIndexOptions) {
    const client = new Pinecone({ apiKey: options.apiKey, maxRetries: options.maxRetries ?? 2 });
    this.index = client.index<Metadata>({ host: options.host, namespace: options.namespace });
    this.batchSize = options.batchSize ?? 100;
  }

  async upsert(records: VectorRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += this.batchSize) {
      const batch = records.slice(i, i + this.batchSize).map((r) => ({
        id: r.id,
        values: Array.from(r.values),
        metadata: { documentId: r.metadata.documentId, audience: r.metadata.audience, tier: r.metadata.tier },
      }));
      await this.index.upsert({ records: batch });
    }
  }

  async delete(ids: string[]): Promise<void> {
    // deleteMany accepts up to 1000 ids per call.
    for (let i = 0; i < ids.length; i += 1000) {
      await this.index.deleteMany({ ids: ids.slice(i, i + 1000) });
    }
  }

  async query(query: VectorQuery): Promise<VectorMatch[]> {
    const filter: Record<string, unknown> = { audience: { $in: [...query.audiences] } };
    if (query.tier) filter.tier = { $eq: query.tier };
    const response = await this.index.query({
      vector: Array.from(query.vector),
      topK: query.topK,
      filter,
      includeMetadata: false,
      includeValues: false,
    });
    return response.matches.map((m) => ({ id: m.id, score: m.score ?? 0 }));
  }
}
