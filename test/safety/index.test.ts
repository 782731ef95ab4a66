import { describe, it, expect } from 'vitest';
import { screenInbound, normalizeForMatch } from '../../src/safety/index.js';

describe('screenInbound', () => {
  it('combines distress, redaction and misuse on one message', () => {
    const r = screenInbound("jsuis enceinte et j'ai envie d'en finir, mon tel c'est 06 12 34 56 78");
    expect(r.distress).toEqual({ level: 'danger', categories: ['suicide'] });
    expect(r.sensitive.spans.map((s) => s.category)).toEqual(['health', 'phone']);
    expect(r.sensitive.text).not.toMatch(/enceinte|06 12/);
    expect(r.misuse).toEqual({ misuse: false });
  });

  it('flags misuse without distress on an insult', () => {
    const r = screenInbound('ta gueule sale robot');
    expect(r.misuse).toEqual({ misuse: true, kind: 'insult' });
    expect(r.distress.level).toBe('none');
    expect(r.sensitive.text).toBe('ta gueule sale robot');
  });

  it('leaves an ordinary question untouched', () => {
    const r = screenInbound('Comment je prépare mon entretien chez Orange ?');
    expect(r).toEqual({
      distress: { level: 'none', categories: [] },
      sensitive: { text: 'Comment je prépare mon entretien chez Orange ?', spans: [] },
      misuse: { misuse: false },
    });
  });
});

describe('normalizeForMatch', () => {
  it.each([
    ["J’ai envie d’en finir", 'je ai envie de en finir'],
    ['jai envie den finir', 'je ai envie de en finir'],
    ['g envie de mourrir', 'je ai envie de mourir'],
    ['jveu plus vivre', 'je veux plus vivre'],
    ['Chui  ÉNERVÉ', 'je suis enerve'],
    ["m'appeler", 'me appeler'],
    ['pk tu réponds pas', 'pourquoi tu reponds pas'],
    ['pq', 'pourquoi'],
    ['stp', "s'il te plait"],
    ["t'es un robot ?", 'tu es un robot ?'],
    ['OUIIIII', 'oui'],
    ["tu t'es trompé", 'tu te es trompe'],
    ['Rendez-vous à 14h30', 'rendez vous a 14h30'],
    ['mon code postal 93200', 'mon code postal 93200'],
    ["qu'est-ce que c'est", 'que est ce que ce est'],
    ["s'il vous plaît", "s'il vous plait"],
    ['Cœur 👍', 'coeur 👍'],
    ['  trop   d\u2019espaces \n ici ', 'trop de espaces ici'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeForMatch(input)).toBe(expected);
  });
});
