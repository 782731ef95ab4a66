import { z } from 'zod';
import type { LlmProvider } from '../../providers/index.js';
import { buildMessages } from './prompt.js';
import type { ComposeInput, LlmComposition } from './types.js';

const ResponseSchema = z.object({
  answer: z.string().max(4000),
  citations: z.array(z.number().int()).max(20),
  enough: z.boolean(),
});

/** Why the LLM answer was not used; the caller falls back to the extractive composer. */
export class LlmCompositionError extends Error {
  constructor(readonly kind: 'error' | 'timeout' | 'invalid_json' | 'invalid_citations' | 'empty', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmCompositionError';
  }
}

/**
 * Asks the model for a grounded answer as JSON and checks it: the shape (zod), and that
 * every citation points at a passage actually given — a citation to passage 7 when there
 * were 3 means the model is not grounded, and the answer is thrown away.
 */
export async function composeWithLlm(llm: LlmProvider, input: ComposeInput): Promise<LlmComposition> {
  let raw: string;
  let model = llm.model;
  try {
    const completion = await llm.complete({ messages: buildMessages(input), json: true, maxTokens: 450, temperature: 0.2 });
    raw = completion.text;
    model = completion.model;
  } catch (err) {
    const timeout = /timed? ?out|timeout|aborted/i.test(`${(err as Error)?.name} ${(err as Error)?.message}`);
    throw new LlmCompositionError(timeout ? 'timeout' : 'error', String((err as Error)?.message ?? err), { cause: err });
  }
  let parsed: z.infer<typeof ResponseSchema>;
  try {
    parsed = ResponseSchema.parse(JSON.parse(stripFences(raw)));
  } catch (err) {
    throw new LlmCompositionError('invalid_json', 'model answer is not the expected JSON', { cause: err });
  }
  if (!parsed.enough) return { enough: false, model };
  const answer = cleanAnswer(parsed.answer);
  if (!answer) throw new LlmCompositionError('empty', 'model said enough but gave no answer');
  const cited = [...new Set(parsed.citations)];
  if (cited.length === 0 || cited.some((n) => n < 1 || n > input.passages.length)) {
    throw new LlmCompositionError('invalid_citations', `citations ${JSON.stringify(parsed.citations)} for ${input.passages.length} passages`);
  }
  return {
    enough: true,
    text: answer,
    used: cited.sort((a, b) => a - b).map((n) => input.passages[n - 1]!),
    composer: 'llm',
    model,
    tailored: Boolean(input.lookingFor && input.audience === 'youth' && cited.some((n) => input.passages[n - 1]!.profileMatch)),
  };
}

function stripFences(text: string): string {
  return text.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
}

/** Drops what the outbox adds itself (sources, AI disclosure) and inline "[1]" markers. */
function cleanAnswer(text: string): string {
  return text
    .replace(/\[(\d+(?:,\s*\d+)*)\]/g, '')
    .split('\n')
    .filter((line) => !/^\s*(📚\s*)?sources?\s*:/i.test(line))
    .join('\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim()
    .slice(0, 1200);
}
