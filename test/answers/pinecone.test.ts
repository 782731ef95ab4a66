import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PineconeVectorIndex } from '../../src/providers/index.js';
import { json, startStandIn, type StandIn } from './stand-ins.js';

/** The Pinecone adapter, through the official SDK, against a stand-in of the data-plane REST API. */
describe('PineconeVectorIndex (data-plane stand-in)', () => {
  let server: StandIn;
  const stored = new Map<string, { values: number[]; metadata: Record<string, string> }>();

  beforeAll(async () => {
    server = await startStandIn((req, res) => {
      if (req.headers['api-key'] !== 'pc-test-key') return json(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'bad key' } });
      if (req.method === 'POST' && req.path === '/vectors/upsert') {
        for (const v of req.body.vectors) stored.set(v.id, { values: v.values, metadata: v.metadata });
        return json(res, 200, { upsertedCount: req.body.vectors.length });
      }
      if (req.method === 'POST' && req.path === '/vectors/delete') {
        for (const id of req.body.ids ?? []) stored.delete(id);
        return json(res, 200, {});
      }
      if (req.method === 'POST' && req.path === '/query') {
        // A minimal evaluator of the filter shapes the adapter sends.
        const { audience, tier } = req.body.filter ?? {};
        const matches = [...stored.entries()]
          .filter(([, v]) => (!audience || audience.$in.includes(v.metadata.audience)) && (!tier || v.metadata.tier === tier.$eq))
          .map(([id, v]) => ({ id, score: v.values.reduce((s: number, x: number, i: number) => s + x * req.body.vector[i], 0) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, req.body.topK);
        return json(res, 200, { matches, namespace: req.body.namespace });
      }
      json(res, 404, { message: 'unknown route' });
    });
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    stored.clear();
  });

  const index = () => new PineconeVectorIndex({ apiKey: 'pc-test-key', host: server.url, namespace: 'maia-test', maxRetries: 0 });
  const vec = (...xs: number[]) => Float32Array.from(xs);

  it('upserts with metadata, queries with audience/tier filters, deletes by id', async () => {
    const pc = index();
    await pc.upsert([
      { id: 'emploi/cv.md#0', values: vec(1, 0, 0), metadata: { documentId: 'emploi/cv.md', audience: 'youth', tier: 'internal' } },
      { id: 'mentors/alerte.md#0', values: vec(0.9, 0.1, 0), metadata: { documentId: 'mentors/alerte.md', audience: 'mentor', tier: 'internal' } },
      { id: 'public/essai.md#0', values: vec(0.8, 0, 0.2), metadata: { documentId: 'public/essai.md', audience: 'all', tier: 'public' } },
    ]);
    const upsert = server.requests[0]!;
    expect(upsert.method).toBe('POST');
    expect(upsert.path).toBe('/vectors/upsert');
    expect(upsert.body.namespace).toBe('maia-test');
    expect(upsert.body.vectors[1]).toMatchObject({ id: 'mentors/alerte.md#0', metadata: { audience: 'mentor', tier: 'internal', documentId: 'mentors/alerte.md' } });

    const youthInternal = await pc.query({ vector: vec(1, 0, 0), topK: 5, audiences: ['youth', 'all'], tier: 'internal' });
    expect(youthInternal.map((m) => m.id)).toEqual(['emploi/cv.md#0']);
    const query = server.requests.at(-1)!;
    expect(query.path).toBe('/query');
    expect(query.body).toMatchObject({ topK: 5, namespace: 'maia-test', filter: { audience: { $in: ['youth', 'all'] }, tier: { $eq: 'internal' } } });
    expect(query.body.vector).toEqual([1, 0, 0]);

    const mentorAll = await pc.query({ vector: vec(1, 0, 0), topK: 5, audiences: ['mentor', 'all'] });
    expect(mentorAll.map((m) => m.id)).toEqual(['mentors/alerte.md#0', 'public/essai.md#0']);
    expect(mentorAll[0]!.score).toBeCloseTo(0.9, 5);

    await pc.delete(['emploi/cv.md#0']);
    const del = server.requests.at(-1)!;
    expect(del.path).toBe('/vectors/delete');
    expect(del.body).toMatchObject({ ids: ['emploi/cv.md#0'], namespace: 'maia-test' });
    expect(await pc.query({ vector: vec(1, 0, 0), topK: 5, audiences: ['youth', 'all'], tier: 'internal' })).toEqual([]);
  });

  it('batches large upserts and sends nothing for empty ones', async () => {
    const pc = new PineconeVectorIndex({ apiKey: 'pc-test-key', host: server.url, namespace: 'maia-test', batchSize: 2, maxRetries: 0 });
    await pc.upsert([]);
    await pc.delete([]);
    expect(server.requests).toHaveLength(0);
    await pc.upsert(
      ['a', 'b', 'c'].map((id) => ({ id, values: vec(1, 1, 1), metadata: { documentId: id, audience: 'all' as const, tier: 'internal' as const } })),
    );
    expect(server.requests.map((r) => r.body.vectors.length)).toEqual([2, 1]);
  });

  it('surfaces an authentication failure', async () => {
    const pc = new PineconeVectorIndex({ apiKey: 'wrong', host: server.url, namespace: 'maia-test', maxRetries: 0 });
    await expect(pc.query({ vector: vec(1, 0, 0), topK: 1, audiences: ['all'] })).rejects.toThrow();
  });
});
