import type { AnalysedQuery } from './query.js';

// Greetings, thanks and acknowledgements: answered with a prompt to ask, never with a refusal.
const SMALL_TALK = new Set(
  'salut bonjour bonsoir coucou hello hey yo wesh cc merci mrc thx thanks beaucoup ok okay oki dac daccord accord super top cool parfait genial nickel bien recu recu ca va et toi bonne journee soiree au revoir a plus bye tchao ciao bisous'.split(' '),
);

/** True when the message is only a greeting or a thank-you (no question to answer). */
export function isSmallTalk(query: AnalysedQuery): boolean {
  const words = query.phrase.trim().split(' ').filter(Boolean);
  return words.length > 0 && words.length <= 6 && words.every((w) => SMALL_TALK.has(w) || w.length <= 1);
}
