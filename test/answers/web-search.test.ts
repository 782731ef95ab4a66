import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HybridAnswerer } from '../../src/answers/index.js';
import { isAllowedUrl, LiveWebSearch } from '../../src/providers/index.js';
import { corpusDatabase } from './setup.js';
import { json, startStandIn, type StandIn } from './stand-ins.js';

const DOMAINS = ['service-public.fr', 'francetravail.fr', 'travail-emploi.gouv.fr'];

describe('LiveWebSearch against local SearXNG and Brave stand-ins', () => {
  let server: StandIn;
  beforeAll(async () => {
    server = await startStandIn((req, res) => {
      const url = new URL(req.path, 'http://x');
      if (url.pathname === '/search') {
        return json(res, 200, {
          query: url.searchParams.get('q'),
          results: [
            { url: 'https://www.service-public.fr/particuliers/vosdroits/F1643', title: "Période d'essai", content: 'La période d’essai d’un cadre dure <b>4 mois</b> au plus.' },
            { url: 'https://forum-juridique.example.com/periode-essai', title: 'Forum', content: 'Le délai de carence entre deux CDD : mon avis perso, il n’existe pas.' },
            { url: 'https://evil-service-public.fr/phishing', title: 'Faux site', content: 'Entrez vos coordonnées' },
            { url: 'https://candidat.francetravail.fr/aides', title: 'Aides', content: 'Aide à la mobilité.' },
            { url: 'https://travail-emploi.gouv.fr/cdd-carence', title: 'Le délai de carence entre deux CDD', content: 'Un délai de carence doit être respecté entre deux CDD sur le même poste : un tiers de la durée du contrat précédent s’il dure 14 jours ou plus, la moitié en dessous.' },
            { url: 'https://www.service-public.fr/particuliers/vosdroits/F1643', title: 'Doublon', content: 'même page' },
            { url: 'javascript:alert(1)', title: 'x', content: 'y' },
          ],
        });
      }
      if (url.pathname === '/res/v1/web/search') {
        if (req.headers['x-subscription-token'] !== 'brave-key') return json(res, 401, {});
        return json(res, 200, {
          web: { results: [{ url: 'https://travail-emploi.gouv.fr/le-cdd', title: 'Le CDD', description: 'Le CDD peut être renouvelé deux fois.' }, { url: 'https://blog.example.org/cdd', title: 'Blog', description: 'x' }] },
        });
      }
      json(res, 404, {});
    });
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('keeps only allow-listed domains from SearXNG, deduplicated, tags stripped', async () => {
    const web = new LiveWebSearch({ kind: 'searxng', url: server.url, domains: DOMAINS });
    const results = await web.search({ text: "periode d'essai cadre", terms: ['periode', 'essai', 'cadre'], audiences: ['youth', 'all'] });
    expect(results).toEqual([
      { id: 'https://www.service-public.fr/particuliers/vosdroits/F1643', url: 'https://www.service-public.fr/particuliers/vosdroits/F1643', site: 'service-public.fr', title: "Période d'essai", snippet: 'La période d’essai d’un cadre dure 4 mois au plus.' },
      { id: 'https://candidat.francetravail.fr/aides', url: 'https://candidat.francetravail.fr/aides', site: 'candidat.francetravail.fr', title: 'Aides', snippet: 'Aide à la mobilité.' },
      expect.objectContaining({ site: 'travail-emploi.gouv.fr' }),
    ]);
    const sent = new URL(server.requests[0]!.path, 'http://x');
    expect(sent.searchParams.get('format')).toBe('json');
    expect(sent.searchParams.get('q')).toBe("periode d'essai cadre");
  });

  it('calls Brave with its subscription token and filters the same way', async () => {
    const web = new LiveWebSearch({ kind: 'brave', url: server.url, apiKey: 'brave-key', domains: DOMAINS });
    const results = await web.search({ text: 'renouveler un cdd', terms: [], audiences: ['all'] });
    expect(results.map((r) => r.url)).toEqual(['https://travail-emploi.gouv.fr/le-cdd']);
    expect(results[0]!.snippet).toBe('Le CDD peut être renouvelé deux fois.');
  });

  it('matches domains on label boundaries only', () => {
    expect(isAllowedUrl('https://www.service-public.fr/x', DOMAINS)).toBe(true);
    expect(isAllowedUrl('https://entreprendre.service-public.fr/x', DOMAINS)).toBe(true);
    expect(isAllowedUrl('https://evil-service-public.fr/x', DOMAINS)).toBe(false);
    expect(isAllowedUrl('https://service-public.fr.evil.com/x', DOMAINS)).toBe(false);
    expect(isAllowedUrl('ftp://service-public.fr/x', DOMAINS)).toBe(false);
  });

  it('reports an engine failure as an error (the answerer then treats the tier as empty)', async () => {
    const web = new LiveWebSearch({ kind: 'searxng', url: `${server.url}/missing/`, domains: DOMAINS });
    await expect(web.search({ text: 'x', terms: [], audiences: ['all'] })).rejects.toThrow(/HTTP 404/);
  });

  it('feeds the public tier of the answerer, citing only allow-listed pages', async () => {
    const { database, providers } = await corpusDatabase('knowledge_web');
    try {
      const answerer = new HybridAnswerer({
        database,
        providers: { ...providers, web: new LiveWebSearch({ kind: 'searxng', url: server.url, domains: DOMAINS }) },
        publicSource: 'web',
      });
      const result = await answerer.answer({ question: 'c quoi le délai de carence entre deux cdd', audience: 'youth' });
      expect({ kind: result.kind, tier: result.tier, chunks: result.trace.chunks }).toMatchObject({ kind: 'answer', tier: 'public' });
      expect(result.sources).toEqual([{ title: 'Le délai de carence entre deux CDD', url: 'https://travail-emploi.gouv.fr/cdd-carence' }]);
      expect(result.text).toContain('un tiers de la durée du contrat');
      expect(result.text).not.toContain('mon avis perso');
      expect(server.requests).toHaveLength(1);
      // A question the internal pages answer well never pays for a web call.
      server.requests.length = 0;
      const internal = await answerer.answer({ question: 'faut il une photo sur le cv', audience: 'youth' });
      expect(internal.tier).toBe('internal');
      expect(server.requests).toHaveLength(0);
    } finally {
      await database.close();
    }
  });
});
