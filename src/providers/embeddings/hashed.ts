import type { EmbeddingProvider } from '../ports.js';
import { matchStem, STOPWORDS, tokenize } from './french-text.js';

/**
 * Offline embeddings: signed feature hashing of French text features into a fixed number
 * of dimensions, L2-normalised. Deterministic, no network, no model.
 *
 * Features (weights chosen so that whole-word evidence dominates and character n-grams
 * only rescue typos and inflections: "entretient" still lands near "entretien"):
 * - content-word stems (1.0), and stem bigrams (0.6) for phrases like "lettre motivation";
 * - character 3- and 4-grams of each content word with boundary marks (0.5 in total per word).
 */
export class HashedEmbeddings implements EmbeddingProvider {
  readonly id: string;
  constructor(readonly dimensions: number) {
    this.id = `hashed-v9:${dimensions}`;
  }

  async embed(texts: string[], _kind?: 'document' | 'query'): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    const words = tokenize(text).filter((w) => !STOPWORDS.has(w));
    let previous: string | undefined;
    for (const word of words) {
      const stem = matchStem(word);
      this.add(vector, `w:${stem}`, 1);
      if (previous) this.add(vector, `b:${previous}_${stem}`, 0.6);
      previous = stem;
      const grams = charGrams(word);
      const share = 0.5 / Math.sqrt(grams.length || 1);
      for (const gram of grams) this.add(vector, `c:${gram}`, share);
    }
    normalise(vector);
    return vector;
  }

  private add(vector: Float32Array, feature: string, weight: number): void {
    const h = fnv1a(feature);
    const index = h % this.dimensions;
    // The sign comes from a bit the index does not use, so collisions cancel out on average.
    const sign = (h >>> 31) & 1 ? -1 : 1;
    vector[index]! += sign * weight;
  }
}

function charGrams(word: string): string[] {
  const padded = `<${word}>`;
  const grams: string[] = [];
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
  }
  return grams;
}

/** 32-bit FNV-1a: fast, well spread, and identical on every machine (unlike `Math.random`). */
export function fnv1a(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function normalise(vector: Float32Array): void {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  if (norm === 0) return;
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
}
