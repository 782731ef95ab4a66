/**
 * Safety: pure, synchronous screening of what youths send and of what MAIA
 * answers. No I/O — callers decide what to do with a verdict.
 */
import { detectDistress, type DistressResult } from './distress.js';
import { detectMisuse, type MisuseResult } from './misuse.js';
import { normalizeWithOffsets } from './normalize.js';
import { redact, type RedactionResult } from './sensitive.js';

export {
  normalizeForMatch,
  normalizeWithOffsets,
  toSourceRange,
  type NormalizedText,
} from './normalize.js';
export {
  detectDistress,
  type DistressCategory,
  type DistressLevel,
  type DistressResult,
} from './distress.js';
export {
  findSensitive,
  redact,
  placeholder,
  SENSITIVE_LABELS,
  SPECIAL_CATEGORIES,
  type IdentifierCategory,
  type RedactionResult,
  type SensitiveCategory,
  type SensitiveSpan,
  type SpecialCategory,
} from './sensitive.js';
export { detectMisuse, type MisuseKind, type MisuseResult } from './misuse.js';
export { moderateAnswer, type ModerationReason, type ModerationResult } from './moderate-output.js';

export interface InboundScreening {
  distress: DistressResult;
  /** The message with sensitive data masked: the only form to store, log or send to a model. */
  sensitive: RedactionResult;
  misuse: MisuseResult;
}

/**
 * Screen an inbound youth message in one pass (normalised once).
 * Detection runs on the original text; only `sensitive.text` is safe to persist.
 */
export function screenInbound(text: string): InboundScreening {
  const normalized = normalizeWithOffsets(text);
  return {
    distress: detectDistress(normalized),
    sensitive: redact(normalized),
    misuse: detectMisuse(normalized),
  };
}
