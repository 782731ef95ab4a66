import type { Source } from '../../src/engine/messages.js';
import { teamsCopy } from './copy.js';

/**
 * MAIA's neutral text → Teams Markdown. The engine writes WhatsApp-style `*gras*`, which
 * Teams would show in italics: single-asterisk spans become `**gras**`. `**gras**`,
 * `_italique_` and `- ` lists are already Teams Markdown and pass unchanged.
 */
export function teamsMarkdown(text: string): string {
  return text.replace(/(^|[^*\w])\*(?![\s*])([^*\n]+?)(?<![\s*])\*(?![*\w])/g, '$1**$2**');
}

/**
 * A sources section for the sources the text does not already show (the outbox lists them in
 * the body today; a later change of its rendering must not make them disappear on Teams).
 */
export function missingSourcesSection(text: string, sources: readonly Source[] | undefined): string {
  const missing = (sources ?? []).filter((s) => !text.includes(s.title));
  if (missing.length === 0) return '';
  const lines = missing.map((s) => (s.url && /^https?:\/\//.test(s.url) ? `- [${escapeLinkText(s.title)}](${s.url})` : `- ${s.title}`));
  return `${teamsCopy.sources}\n\n${lines.join('\n')}`;
}

function escapeLinkText(title: string): string {
  return title.replace(/[[\]]/g, (c) => `\\${c}`);
}
