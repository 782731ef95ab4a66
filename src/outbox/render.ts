import type { OutboundDraft, Source } from '../engine/messages.js';

export interface Labels {
  /** AI disclosure; always contains « assisté par l'IA » (validated by the config schema). */
  aiDisclosure: string;
  /** Human label template, `{name}` replaced by the author's first name. */
  humanLabel: string;
}

/**
 * Builds the text the recipient sees. Every message gets a first line saying who wrote it:
 * the AI disclosure for anything MAIA generated (answers, notices, staff cards alike), or the
 * human label when a named person wrote it. The label comes first so that it shows in
 * WhatsApp notification previews.
 */
export function render(draft: OutboundDraft, labels: Labels): { label: string; body: string; text: string; author: 'ai' | 'human' | 'system' } {
  const author = draft.author ?? { type: 'ai' as const };
  const label = author.type === 'human' ? labels.humanLabel.replaceAll('{name}', author.name) : labels.aiDisclosure;
  const parts = [draft.text.trim()];
  const sources = formatSources(draft.sources);
  if (sources) parts.push(sources);
  const body = parts.join('\n\n');
  // A relayed human message is labelled human; everything else MAIA sends is AI-assisted.
  return { label, body, text: `${label}\n\n${body}`, author: author.type === 'human' ? 'human' : author.type };
}

function formatSources(sources: Source[] | undefined): string {
  if (!sources || sources.length === 0) return '';
  const lines = sources.map((s) => `- ${s.title}${s.url ? ` — ${s.url}` : ''}`);
  return `📚 Sources :\n${lines.join('\n')}`;
}
