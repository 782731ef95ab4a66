import { isDeniedField } from '../mentor/index.js';
import { redact } from '../safety/index.js';

/**
 * The profile as the AI may see it (minimisation): only the fields the association allows
 * (`ALLOWED_PROFILE_FIELDS`), never a sensitive one whatever the configuration says, values
 * short and redacted.
 */
export function profileForAi(profile: Record<string, unknown>, allowed: readonly string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const key of allowed) {
    if (isDeniedField(key)) continue;
    const value = profile[key];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = redact(String(value).slice(0, 200)).text.trim();
    if (text) out[key] = text;
  }
  return Object.keys(out).length ? out : undefined;
}
