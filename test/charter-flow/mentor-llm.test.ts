import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandIn, json, chatCompletion, type StandIn } from '../answers/stand-ins.js';
import { startProduction, type Production } from '../helpers/maia.js';
import { association } from '../helpers/people.js';

describe('Super Mentor summary with an LLM configured', () => {
  let llm: StandIn;
  let p: Production;
  beforeAll(async () => {
    llm = await startStandIn((req, res) => {
      const system = (req.body?.messages?.[0]?.content as string) ?? '';
      if (system.includes('résume factuellement')) return json(res, 200, chatCompletion('Elle avance régulièrement : deux jalons notés et des questions sur le CV.'));
      return json(res, 200, chatCompletion(JSON.stringify({ answer: 'Réponse.', citations: [1], enough: true })));
    });
    p = await startProduction({ overrides: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${llm.url}/v1` } });
  });
  afterAll(async () => {
    await p.runtime.close();
    await llm.close();
  });

  it('puts a short narrative on top, written from facts only (no name, no message)', async () => {
    const a = await association(p.runtime, { share: true });
    await p.say(a.phone, 'Comment faire un bon CV pour une alternance ?');
    const { out } = await p.say(a.mentorTeams, 'synthèse Inès', { channel: 'teams' });
    const reply = out.find((m) => m.to === a.mentorTeams)!;
    expect(reply.text).toContain('Elle avance régulièrement');
    expect(reply.text).toMatch(/vous restez décisionnaire/);
    const narration = llm.requests.find((r) => JSON.stringify(r.body).includes('résume factuellement'))!;
    expect(narration).toBeDefined();
    const sent = JSON.stringify(narration.body);
    for (const secret of ['Inès', a.phone, 'alternance ?']) expect(sent).not.toContain(secret);
  });
});
