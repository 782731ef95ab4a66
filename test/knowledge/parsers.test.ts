import { describe, expect, it } from 'vitest';
import { chunkDocument, countWords, parseFile, SECTION_MARK, UnusableFileError } from '../../src/knowledge/index.js';
import { documentMeta } from '../../src/knowledge/document-meta.js';
import { makeDocx, makePdf } from './make-files.js';

const md = (s: string) => Buffer.from(s, 'utf8');

describe('parsers', () => {
  it('reads Markdown front matter, headings, lists and tables', async () => {
    const doc = await parseFile(
      '.md',
      md(`---\ntitle: "Les commandes"\naudience: youth\ntopics: [aide, commandes]\n---\n# Les commandes\n\n## AIDE\n\nTape **AIDE** pour voir [la liste](https://x).\n\n- un\n- deux\n\n| Commande | Sert à |\n|---|---|\n| STOP | arrêter |\n`),
    );
    expect(doc.title).toBe('Les commandes');
    expect(doc.meta.audience).toBe('youth');
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Les commandes' },
      { kind: 'heading', level: 2, text: 'AIDE' },
      { kind: 'text', text: 'Tape AIDE pour voir la liste.' },
      { kind: 'text', text: '- un\n- deux' },
      { kind: 'text', text: '- STOP : arrêter' },
    ]);
  });

  it('takes an HTML title from <title>, headings from <h2>, and the canonical URL', async () => {
    const doc = await parseFile(
      '.html',
      md(`<html><head><title>Période d'essai</title><link rel="canonical" href="https://www.service-public.fr/F1643"></head>
      <body><nav>menu</nav><h1>Période d'essai</h1><h2>Durée</h2><p>Elle dure <b>4 mois</b> pour un cadre.</p></body></html>`),
    );
    expect(doc.title).toBe("Période d'essai");
    expect(doc.meta.url).toBe('https://www.service-public.fr/F1643');
    expect(doc.blocks).toContainEqual({ kind: 'heading', level: 2, text: 'Durée' });
    expect(doc.blocks).toContainEqual({ kind: 'text', text: 'Elle dure 4 mois pour un cadre.' });
    expect(JSON.stringify(doc.blocks)).not.toContain('menu');
  });

  it('parses a real PDF, recovering headings from font sizes and accents from WinAnsi', async () => {
    const pdf = makePdf(
      [
        { text: 'Guide du stage', size: 20 },
        { text: 'Trouver un stage', size: 15 },
        { text: "Un stage de fin d'études se prépare tôt. Écris à l'entreprise.", size: 11 },
        { text: 'La convention est signée par ton école.', size: 11 },
      ],
      { title: 'Guide PDF' },
    );
    const doc = await parseFile('.pdf', pdf);
    expect(doc.title).toBe('Guide PDF');
    expect(doc.blocks[0]).toEqual({ kind: 'heading', level: 1, text: 'Guide du stage' });
    expect(doc.blocks[1]).toEqual({ kind: 'heading', level: 2, text: 'Trouver un stage' });
    const text = doc.blocks.filter((b) => b.kind === 'text').map((b) => b.text).join(' ');
    expect(text).toContain("Un stage de fin d'études se prépare tôt. Écris à l'entreprise.");
    expect(text).toContain('La convention est signée par ton école.');
  });

  it('parses a real DOCX, Word heading styles becoming headings', async () => {
    const docx = await makeDocx([
      { text: 'Relire un CV', style: 'Heading1' },
      { text: 'Avec une cible', style: 'Heading2' },
      { text: "Demandez l'offre visée avant de relire : un CV se juge par rapport à un poste." },
    ]);
    const doc = await parseFile('.docx', docx);
    expect(doc.title).toBe('Relire un CV');
    expect(doc.blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Relire un CV' },
      { kind: 'heading', level: 2, text: 'Avec une cible' },
      { kind: 'text', text: "Demandez l'offre visée avant de relire : un CV se juge par rapport à un poste." },
    ]);
  });

  it('reports unusable files with a reason instead of throwing anything else', async () => {
    await expect(parseFile('.pdf', md('%PDF-1.4 this is not a pdf'))).rejects.toThrow(UnusableFileError);
    await expect(parseFile('.docx', md('not a zip'))).rejects.toThrow(/Word illisible/);
    await expect(parseFile('.md', md('   \n'))).rejects.toThrow(/vide/);
    await expect(parseFile('.xlsx', md('a;b'))).rejects.toThrow(/non pris en charge/);
    await expect(parseFile('.md', md('---\ntitle: [oops\n---\ntext'))).rejects.toThrow(/YAML/);
  });
});

describe('document metadata', () => {
  const parsed = (meta: Record<string, unknown>) => ({ title: 'T', meta, blocks: [] });
  it('makes public/ pages public and requires their URL', () => {
    expect(documentMeta('public/x.md', parsed({ url: 'https://www.service-public.fr/a' })).tier).toBe('public');
    expect(() => documentMeta('public/x.md', parsed({}))).toThrow(/url/);
    expect(documentMeta('emploi/x.md', parsed({})).tier).toBe('internal');
  });
  it('defaults audience to mentor under mentors/ and rejects unknown audiences', () => {
    expect(documentMeta('mentors/x.md', parsed({})).audience).toBe('mentor');
    expect(documentMeta('emploi/x.md', parsed({})).audience).toBe('all');
    expect(documentMeta('emploi/x.md', parsed({ audience: ['youth', 'mentor'] })).audience).toBe('all');
    expect(() => documentMeta('emploi/x.md', parsed({ audience: 'everyone' }))).toThrow(/audience/);
  });
});

describe('chunker', () => {
  const para = (n: number, word = 'mot') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ') + '.';

  it('keeps the heading path as context and merges tiny sibling sections with a marker', () => {
    const chunks = chunkDocument('Guide', [
      { kind: 'heading', level: 1, text: 'Guide' },
      { kind: 'heading', level: 2, text: 'Partie A' },
      { kind: 'heading', level: 3, text: 'Détail A1' },
      { kind: 'text', text: para(100) },
      { kind: 'heading', level: 2, text: 'Partie B' },
      { kind: 'text', text: para(20) },
      { kind: 'heading', level: 2, text: 'Partie C' },
      { kind: 'text', text: para(20) },
    ]);
    expect(chunks.map((c) => c.headingPath)).toEqual(['Guide > Partie A > Détail A1', 'Guide > Partie B · Partie C']);
    expect(chunks[1]!.text).toContain(`${SECTION_MARK}Partie C`);
    expect(chunks.map((c) => c.ord)).toEqual([0, 1]);
  });

  it('splits a long section at paragraph then sentence boundaries, within the word limit', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Phrase numéro ${i} avec quelques mots pour faire du volume ici.`).join(' ');
    const chunks = chunkDocument('Guide', [
      { kind: 'heading', level: 2, text: 'Long' },
      { kind: 'text', text: para(120) },
      { kind: 'text', text: long },
    ]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.words).toBeLessThanOrEqual(250);
      expect(c.headingPath).toBe('Guide > Long');
      expect(c.text.trim().endsWith('.')).toBe(true); // never cut mid-sentence
    }
    expect(chunks.reduce((s, c) => s + c.words, 0)).toBe(countWords(para(120)) + countWords(long));
  });
});
