import { describe, expect, it } from 'vitest';
import { analyseQuery, classifyScope, defaultLexicon } from '../../src/answers/index.js';
import { buildVocabulary } from '../../src/answers/retrieval/vocabulary.js';

const lexicon = defaultLexicon();
// A tiny corpus vocabulary: typo correction may only land on these words.
const vocabulary = buildVocabulary(
  [['entretien', 12], ['alternance', 9], ['motivation', 7], ['lettre', 8], ['linkedin', 4], ['candidature', 10], ['mentor', 30], ['stage', 11]],
  40,
  600,
);
const analyse = (q: string) => analyseQuery(q, lexicon, vocabulary);
const words = (q: string) => analyse(q).terms.map((t) => t.word);

describe('query normalisation', () => {
  it('folds accents, drops emoji, stretched letters and elisions', () => {
    const q = analyse("L'entretien 😰😰 c'est DEMAIIIN, j'ai peur 🙏");
    expect(q.text).not.toMatch(/[😰🙏A-Z]/u);
    expect(q.tokens).toContain('entretien');
    expect(q.tokens).toContain('demain');
    expect(q.phrase).toContain(' l entretien ');
  });

  it('expands SMS spelling and glued pronouns', () => {
    expect(analyse('cmt jfais pr trouver 1 stage').tokens).toEqual(expect.arrayContaining(['comment', 'je', 'fais', 'pour', 'trouver', 'stage']));
    expect(analyse('jsp koi mettre').phrase).toContain(' je sais pas quoi ');
  });

  it('maps slang to the words of the base, weighted below what was written', () => {
    const taf = analyse('je cherche un taf');
    expect(taf.terms).toEqual(expect.arrayContaining([expect.objectContaining({ word: 'emploi', source: 'lexicon', weight: 0.6 })]));
    expect(words('lettre de motiv a rendre')).toEqual(expect.arrayContaining(['lettre', 'motivation']));
    expect(words("inscription pole emploi")).toEqual(expect.arrayContaining(['france', 'travail']));
    expect(words('besoin de thune')).toEqual(expect.arrayContaining(['argent', 'salaire']));
    // An abbreviation of the same meaning counts fully.
    expect(analyse('contrat pro').terms.find((t) => t.word === 'professionnalisation')?.weight).toBe(1);
  });

  it('fixes typos against the corpus, but never "corrects" a real French word', () => {
    const q = analyse('entretein pour une altenance, et ma candidture');
    expect(q.corrections).toEqual(
      expect.arrayContaining([
        { from: 'entretein', to: 'entretien' },
        { from: 'candidture', to: 'candidature' },
      ]),
    );
    expect(q.terms.find((t) => t.word === 'entretien')?.source).toBe('typo');
    // "censé" is French even though the corpus lacks it: left alone.
    expect(analyse('on est censé se voir').corrections).toEqual([]);
  });
});

describe('scope check', () => {
  const verdict = (q: string) => classifyScope(analyse(q), vocabulary);

  it.each([
    ['cuisine', 'comment on fait un gâteau au chocolat'],
    ['cuisine', 'je bosse en stage de cuisine, donne moi la recette du tiramisu'],
    ['sport', 'qui a gagné la ligue des champions ?'],
    ['devoirs', "tu peux m'écrire ma dissertation pour demain"],
    ['sante', "j'ai de l'eczéma, quelle crème acheter ?"],
    ['juridique', 'mon proprio veut garder ma caution après l’état des lieux'],
    ['politique', 'tu votes pour qui aux présidentielles'],
    ['meteo', 'il va pleuvoir demain à Lyon ?'],
    ['vie-sentimentale', 'comment séduire une fille de mon taf'],
    ['argent-placements', 'je mets ma prime en bitcoin ou en bourse ?'],
    ['divertissement', "t'as vu la dernière saison de koh lanta"],
    ['astrologie', 'mon horoscope pour mon entretien de demain'],
    ['code', 'code moi une appli de todo en python'],
  ])('refuses %s: %s', (category, question) => {
    expect(verdict(question)).toEqual({ verdict: 'out_of_scope', category });
  });

  it.each([
    'je fais du foot en club, je le mets sur mon CV ?',
    'je suis malade le jour de mon entretien, je préviens comment ?',
    'la recette pour réussir son entretien ?',
    'mon ex-employeur ne veut pas me donner mon attestation',
    "j'étais boursier à la fac, je suis éligible ?",
    'je cherche un stage en développement python',
    'ma copine bosse chez un client, elle peut me recommander ?',
    'comment calculer mon salaire net à partir du brut',
  ])('keeps in scope: %s', (question) => {
    expect(verdict(question)).toEqual({ verdict: 'in' });
  });

  it('flags what no document can know: a recruiter’s decision, inside figures about a named company', () => {
    expect(verdict('est-ce que le recruteur va me rappeler ?')).toMatchObject({ verdict: 'unanswerable', category: 'prediction' });
    expect(verdict('ai-je des chances d’être pris ?')).toMatchObject({ verdict: 'unanswerable', category: 'prediction' });
    expect(verdict('combien paie Leroy Merlin un vendeur ?')).toMatchObject({ verdict: 'unanswerable', category: 'entity' });
    expect(verdict('taux de réussite des jeunes de ma région en 2024')).toMatchObject({ verdict: 'unanswerable', category: 'local' });
    // A named company alone is fine: the question is about the candidate's own letter.
    expect(verdict('je postule chez Leroy Merlin, comment faire ma lettre ?')).toEqual({ verdict: 'in' });
    expect(verdict('combien de temps dure une alternance ?')).toEqual({ verdict: 'in' });
  });
});
