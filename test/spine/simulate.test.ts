import { describe, expect, it } from 'vitest';
import { phone, runSimulate } from '../helpers/simulate.js';

describe('maia simulate: the contract', () => {
  it('bad input gets a clear error or a kind reply, never a crash, and the others are unaffected', async () => {
    const youth = phone();
    const garbage = Buffer.concat([
      Buffer.from(JSON.stringify({ channel: 'fax', from: youth, text: 'bonjour' }) + '\n'),
      Buffer.from('ceci n\'est pas du JSON\n'),
      Buffer.from(JSON.stringify({ channel: 'whatsapp', text: 'sans expéditeur' }) + '\n'),
      Buffer.from(JSON.stringify({ channel: 'whatsapp', from: youth, text: 'oui' }) + '\n'),
      Buffer.from(JSON.stringify({ channel: 'whatsapp', from: youth, text: 'a'.repeat(100_000) }) + '\n'),
      // Invalid UTF-8 inside a JSON string: the bytes 0xC3 0x28 are not a valid sequence.
      Buffer.concat([Buffer.from('{"channel":"whatsapp","from":"' + youth + '","text":"salut '), Buffer.from([0xc3, 0x28]), Buffer.from(' ok"}\n')]),
      Buffer.from(JSON.stringify({ channel: 'console', from: 'inconnu-total', text: 'Bonjour ?' }) + '\n'),
      Buffer.from(JSON.stringify({ channel: 'teams', from: '29:personne-inconnue', text: 'mes jeunes' }) + '\n'),
      Buffer.from(JSON.stringify({ channel: 'whatsapp', from: youth, text: '' }) + '\n'),
    ]);
    const { code, lines, stderr } = await runSimulate(garbage);
    expect(code, stderr).toBe(0);
    const byIn = (i: number) => lines.filter((l) => l.in === i);
    expect(byIn(0)).toEqual([{ in: 0, error: expect.stringMatching(/unknown channel/) }]);
    expect(byIn(1)).toEqual([{ in: 1, error: expect.stringMatching(/invalid JSON/) }]);
    expect(byIn(2)).toEqual([{ in: 2, error: expect.stringMatching(/from/) }]);
    // Each valid line gets at least one reply, each reply is disclosed.
    for (const i of [3, 4, 5, 6, 7, 8]) {
      expect(byIn(i).length, `line ${i}`).toBeGreaterThan(0);
      for (const l of byIn(i)) expect(l.text).toMatch(/assisté par l'IA/);
    }
    expect(byIn(4).map((l) => l.text).join(' ')).toMatch(/très long|long/);
    expect(byIn(3)[0]!.kind).toBe('consent');
    expect(byIn(8)[0]!.text).toMatch(/pas reçu de texte/);
    expect(byIn(7)[0]!.text).toMatch(/annuaire/);
    expect(byIn(7)[0]!.to).toBe('29:personne-inconnue');
  }, 60_000);

  it('answers on the same channel, to the sender address, with tier and sources', async () => {
    const youth = phone();
    const { lines } = await runSimulate([{ channel: 'whatsapp', from: youth, text: 'oui' }, { channel: 'whatsapp', from: youth, text: 'Comment faire un bon CV quand on sort de fac ?' }]);
    const answers = lines.filter((l) => l.kind === 'answer');
    expect(answers.length).toBeGreaterThan(0);
    const last = answers.at(-1)!;
    expect(last.channel).toBe('whatsapp');
    expect(last.to).toBe(youth);
    expect(last.in).toBe(1);
    expect(['internal', 'public']).toContain(last.tier);
    expect(last.sources?.length).toBeGreaterThan(0);
  }, 60_000);
});
