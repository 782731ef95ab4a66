import type { WebQuery, WebResult, WebSearch } from '../ports.js';
import { isAllowedUrl, siteOf } from './domains.js';

export interface LiveWebSearchOptions {
  kind: 'searxng' | 'brave';
  /** SearXNG instance base URL, or the Brave API base (`https://api.search.brave.com`). */
  url: string;
  apiKey?: string;
  /** Only results on these domains (and their subdomains) are kept. */
  domains: readonly string[];
  /** Default 6000 ms: a web answer that takes longer is not worth the wait on WhatsApp. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface RawResult {
  url?: unknown;
  title?: unknown;
  content?: unknown;
  description?: unknown;
}

/**
 * SearXNG JSON API or Brave Search API. Every result is filtered against the domain
 * allowlist here, whatever the engine did: the allowlist is the charter's "sources fiables".
 */
export class LiveWebSearch implements WebSearch {
  readonly kind: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: LiveWebSearchOptions) {
    this.kind = options.kind;
    this.fetchImpl = options.fetch ?? fetch;
  }

  async search(query: WebQuery): Promise<WebResult[]> {
    const limit = query.limit ?? 5;
    const raw = this.options.kind === 'brave' ? await this.brave(query.text) : await this.searxng(query.text);
    const out: WebResult[] = [];
    const seen = new Set<string>();
    for (const r of raw) {
      const url = typeof r.url === 'string' ? r.url : '';
      if (!url || seen.has(url) || !isAllowedUrl(url, this.options.domains)) continue;
      seen.add(url);
      const snippet = stripTags(String(r.content ?? r.description ?? ''));
      out.push({ id: url, url, site: siteOf(url) ?? '', title: stripTags(String(r.title ?? url)), snippet });
      if (out.length >= limit) break;
    }
    return out;
  }

  private async searxng(text: string): Promise<RawResult[]> {
    const url = new URL('search', withSlash(this.options.url));
    url.searchParams.set('q', text);
    url.searchParams.set('format', 'json');
    url.searchParams.set('language', 'fr-FR');
    url.searchParams.set('safesearch', '1');
    const body = (await this.get(url, {})) as { results?: RawResult[] };
    return Array.isArray(body.results) ? body.results : [];
  }

  private async brave(text: string): Promise<RawResult[]> {
    const url = new URL('res/v1/web/search', withSlash(this.options.url));
    url.searchParams.set('q', text);
    url.searchParams.set('country', 'fr');
    url.searchParams.set('search_lang', 'fr');
    url.searchParams.set('count', '20');
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey) headers['x-subscription-token'] = this.options.apiKey;
    const body = (await this.get(url, headers)) as { web?: { results?: RawResult[] } };
    return Array.isArray(body.web?.results) ? body.web.results : [];
  }

  private async get(url: URL, headers: Record<string, string>): Promise<unknown> {
    const response = await this.fetchImpl(url, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 6000),
    });
    if (!response.ok) throw new Error(`web search answered HTTP ${response.status}`);
    return response.json();
  }
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

function stripTags(value: string): string {
  return value.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}
