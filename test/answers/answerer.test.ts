import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDirectory } from '../../src/knowledge/index.js';
import type { Providers } from '../../src/providers/index.js';
import type { Database } from '../../src/db/client.js';
import type { HybridAnswerer } from '../../src/answers/index.js';
import { corpusDatabase, docsOf, offlineAnswerer } from './setup.js';

describe('HybridAnswerer (offline: hashed embeddings, local index, extractive)', () => {
  let database: Database;
  let providers: Providers;
  let dir: string;
  let answerer: HybridAnswerer;
  const youth = (question: string, profile?: Record<string, unknown>) => answerer.answer({ question, audience: 'youth', profile });
  const mentor = (question: string) => answerer.answer({ question, audience: 'mentor' });

  beforeAll(async () => {
    const setup = await corpusDatabase('knowledge_answerer');
    ({ database, providers, dir } = setup);
    answerer = offlineAnswerer(database, providers);
    await answerer.warmUp();
  });
  afterAll(async () => database.close());

  it.each([
    ['accents and clean French', 'Faut-il mettre une photo sur mon CV ?', 'emploi/cv.md'],
    ['no accents, SMS spelling', 'jdois mettre 1 foto sur mon cv ou pa ??', 'emploi/cv.md'],
    ['slang and typos', 'jcherche un taf en altenance, cmt je trouve une boite ?', 'emploi/alternance.md'],
    ['typo on a key word', 'entretein demain, je prepare koi 😰', 'emploi/entretien.md'],
    ['colloquial', 'wesh mon mentor me repond plus, je fais quoi', 'programme/mentor-absent.md'],
    ['emoji and shouting', "JE VEUX M'INSCRIRE À NQT 🙏🙏 C GRATUIT ?", 'programme/inscription.md'],
  ])('finds the right internal page (%s)', async (_label, question, doc) => {
    const result = await youth(question);
    expect(result.kind).toBe('answer');
    expect(result.tier).toBe('internal');
    expect(docsOf(result.trace.chunks)[0]).toBe(doc);
    expect(result.sources[0]?.title).toMatch(/\p{L}{3,}/u); // a real title, not an empty string
    expect(result.text.length).toBeGreaterThan(80);
    expect(result.text.length).toBeLessThanOrEqual(950);
    expect(result.text).not.toMatch(/Sources?\s*:|assisté par l'IA/);
  });

  it('never gives a youth a mentor-only page, even on that page’s own words', async () => {
    const question = 'Un jeune me confie des idées noires, quand alerter le chargé de mission ?';
    const asYouth = await youth(question);
    expect(asYouth.trace.chunks.map((c) => c.id).join(' ')).not.toContain('mentors/');
    const asMentor = await mentor(question);
    expect(asMentor.tier).toBe('internal');
    expect(docsOf(asMentor.trace.chunks)[0]).toBe('mentors/alerter.md');
    // Mentors get vous-copy, never tu-copy, in what MAIA writes itself.
    const refusal = await mentor('Quel est le score du match de rugby samedi ?');
    expect(refusal.text).toMatch(/contactez votre chargé de mission/);
    expect(refusal.text).not.toContain('MENTOR pour parler à ton mentor');
    expect(refusal.text).not.toMatch(/ ton | ta | tu /);
  });

  it('goes to the public tier for legal figures, with the page URL as source', async () => {
    const result = await youth("periode d'essai d'un cadre en cdi c combien de mois max ?");
    expect(result).toMatchObject({ kind: 'answer', tier: 'public' });
    expect(result.sources).toEqual([{ title: "Période d'essai d'un salarié en CDI", url: 'https://www.service-public.fr/particuliers/vosdroits/F1643' }]);
    expect(result.text).toMatch(/source publique \(service-public\.fr\)/);
    expect(result.text).toContain('4 mois pour les cadres');
  });

  it.each([
    ['recipe', 'recette des crêpes pour ce soir stp'],
    ['sport', "c'était quoi le score du match psg om hier"],
    ['homework', 'resous 2x + 4 = 10 c pour mon dm'],
    ['medical', "j'ai mal au ventre depuis ce matin c grave ?"],
    ['dating, with job words', 'comment draguer une collègue de mon stage'],
    ['crypto', 'quelle crypto acheter avec ma paie de stage'],
  ])('refuses out-of-scope questions (%s), offering a human', async (_label, question) => {
    const result = await youth(question);
    expect(result).toMatchObject({ kind: 'refusal', tier: 'none', reason: 'out_of_scope', sources: [] });
    expect(result.text).toMatch(/^Je ne peux pas répondre/);
    expect(result.text).toContain('écris MENTOR pour parler à ton mentor ou à ton chargé de mission'.replace('écris', 'Écris'));
  });

  it.each([
    ['a recruiter’s decision', 'est-ce que Safran va me rappeler après mon entretien ?'],
    ['an inside figure about a named company', 'combien paie Decathlon pour un poste de vendeur ?'],
    ['nothing in any source', 'quelles sont les horaires de la piscine municipale de Bondy'],
  ])('says it cannot answer without a reliable source (%s)', async (_label, question) => {
    const result = await youth(question);
    expect(result.kind).toBe('refusal');
    expect(result.tier).toBe('none');
    expect(result.text).toMatch(/^Je ne peux pas répondre/);
  });

  it('tailors the answer to the profile when the page matches what the youth looks for', async () => {
    const plain = await youth('comment trouver une entreprise rapidement ?');
    const tailored = await youth('comment trouver une entreprise rapidement ?', { lookingFor: 'alternance' });
    expect(docsOf(tailored.trace.chunks)[0]).toBe('emploi/alternance.md');
    expect(tailored.trace.tailored).toBe(true);
    expect(tailored.text).toMatch(/^Vu que tu cherches une alternance/);
    expect(plain.text).not.toMatch(/Vu que tu cherches/);
    // A field the association did not allow for AI is ignored.
    const notAllowed = await youth('comment trouver une entreprise rapidement ?', { searchStage: 'alternance' });
    expect(notAllowed.trace.tailored ?? false).toBe(false);
  });

  it('traces chunks, composer and per-step latency', async () => {
    const result = await youth('comment relancer après un entretien ?');
    expect(result.trace.composer).toBe('extractive');
    expect(result.trace.chunks[0]).toMatchObject({ id: expect.stringMatching(/#\d+$/), tier: 'internal' });
    expect(result.trace.latency).toMatchObject({ analyse: expect.any(Number), retrieve: expect.any(Number), total: expect.any(Number) });
  });

  it('sees a new ingestion without restart (caches keyed on the corpus version)', async () => {
    const question = "c'est quoi la visite d'information et de prévention ?";
    const before = await youth(question);
    expect(before.kind).toBe('refusal');
    await writeFile(
      join(dir, 'emploi/visite-medicale.md'),
      "---\ntitle: \"La visite médicale d'embauche\"\naudience: youth\n---\n# La visite médicale d'embauche\n\n## Comment elle se passe\n\nLa visite médicale d'embauche, appelée visite d'information et de prévention, a lieu dans les trois mois après ta prise de poste avec un professionnel de santé au travail.\n",
    );
    await ingestDirectory(database, dir, { embeddings: providers.embeddings, vectors: providers.vectors });
    await new Promise((r) => setTimeout(r, 2100)); // the version check runs at most every 2 s
    const after = await youth(question);
    expect(after.tier).toBe('internal');
    expect(docsOf(after.trace.chunks)[0]).toBe('emploi/visite-medicale.md');
  });
});
