import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn, json, chatCompletion, type StandIn } from '../answers/stand-ins.js';
import { startProduction, type Production } from '../helpers/maia.js';
import { association } from '../helpers/people.js';

/**
 * The whole engine with an LLM configured (a local stand-in of the OpenAI chat-completions wire
 * format): what the provider receives is checked — sensitive spans never reach it, nor does
 * the youth's name, and the profile is minimised to the allowed fields.
 */
describe('what an LLM provider receives', () => {
  let llm: StandIn;
  let p: Production;
  beforeAll(async () => {
    llm = await startStandIn((req, res) => {
      if (req.path.endsWith('/chat/completions')) {
        const user = (req.body.messages as { role: string; content: string }[]).find((m) => m.role === 'user')?.content ?? '';
        const n = /<passage numero="(\d+)"/.exec(user)?.[1] ?? '1';
        return json(res, 200, chatCompletion(JSON.stringify({ answer: 'Mets en avant tes expériences et adapte ton CV à chaque offre.', citations: [Number(n)], enough: true })));
      }
      json(res, 404, { error: 'not here' });
    });
    p = await startProduction({ overrides: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${llm.url}/v1`, LLM_TIMEOUT_MS: '5000' } });
  });
  afterAll(async () => {
    await p.runtime.close();
    await llm.close();
  });

  it('gets the redacted question, no name, no sensitive span, and only allowed profile fields', async () => {
    const a = await association(p.runtime, { youthName: 'Inès' });
    await p.runtime.db.execute(
      (await import('drizzle-orm')).sql`update persons set profile = profile || ${JSON.stringify({ religion: 'musulmane', health: 'diabète' })}::jsonb where id = ${a.youth.id}`,
    );
    const iban = 'FR76 3000 6000 0112 3456 7890 189';
    const { out } = await p.say(a.phone, `Je m'appelle Inès, j'ai une dépression et mon IBAN est ${iban}. Comment améliorer mon CV pour une alternance ?`);
    const answer = out.find((m) => m.kind === 'answer')!;
    expect(answer.body).toContain('adapte ton CV');
    const calls = llm.requests.filter((r) => r.path.endsWith('/chat/completions'));
    expect(calls.length).toBeGreaterThan(0);
    const sent = JSON.stringify(calls.map((c) => c.body));
    for (const secret of [iban, 'dépression', 'Inès', 'musulmane', 'diabète', a.phone]) expect(sent).not.toContain(secret);
    expect(sent).toContain('alternance');
  });
});
