/** Host of a URL without "www.", or undefined when it is not an http(s) URL. */
export function siteOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return parsed.hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/**
 * True when the URL's host is an allowed domain or one of its subdomains. Suffix matching
 * is done on label boundaries so "evil-service-public.fr" never passes for "service-public.fr".
 */
export function isAllowedUrl(url: string, allowlist: readonly string[]): boolean {
  const site = siteOf(url);
  if (!site) return false;
  return allowlist.some((domain) => {
    const d = domain.toLowerCase().replace(/^www\./, '').replace(/^\.+/, '');
    return d !== '' && (site === d || site.endsWith(`.${d}`));
  });
}
