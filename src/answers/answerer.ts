import type { Source, Tier } from '../engine/messages.js';

export type Audience = 'youth' | 'mentor';

export interface AnswerRequest {
  /** The question, already redacted by the safety screen. */
  question: string;
  audience: Audience;
  /** Profile fields the association allows for AI (minimisation happens before this). */
  profile?: Record<string, unknown>;
}

export interface AnswerResult {
  kind: 'answer' | 'refusal';
  tier: Tier;
  text: string;
  sources: Source[];
  /** Why tier "none": out of scope, or no reliable source. */
  reason?: 'out_of_scope' | 'no_source';
  trace: {
    composer: string;
    model?: string;
    tailored?: boolean;
    chunks: { id: string; score: number; tier?: string }[];
    latency: Record<string, number>;
    /** Set when output moderation blocked the composed answer (kept for review). */
    moderation?: { blocked: boolean; reasons: string[] };
  };
}

/** The answer step's port. The knowledge issue fills it with hybrid retrieval and composers. */
export interface Answerer {
  answer(request: AnswerRequest): Promise<AnswerResult>;
}
