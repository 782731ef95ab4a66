import { redact } from '../safety/index.js';

/**
 * Which profile fields a mentor may read: those the configuration allows
 * (`ALLOWED_PROFILE_FIELDS`), minus a deny-list no configuration can lift — GDPR art. 9
 * special categories (health, religion, origin, politics, union, sexual life…) and other
 * data a mentor never needs to help with a job search.
 */
const DENIED_STEMS = [
  'health', 'sante', 'medic', 'disab', 'handicap', 'rqth', 'illness', 'maladie', 'religi', 'belief', 'faith', 'croyance',
  'origin', 'ethni', 'race', 'racial', 'nationalit', 'politic', 'union', 'syndic', 'sexual', 'sexe', 'orientation',
  'gender', 'genre', 'criminal', 'convict', 'judiciai', 'biometric', 'genetic', 'pregnan', 'grossesse', 'nir', 'ssn',
  'iban', 'password', 'income', 'revenu', 'debt', 'dette',
];

/** `sexualOrientation` → ['sexual', 'orientation']; `health_status` → ['health', 'status']. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isDeniedField(key: string): boolean {
  return words(key).some((w) => DENIED_STEMS.some((stem) => w.startsWith(stem)));
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  studyField: 'Études',
  studyLevel: 'Niveau',
  city: 'Ville',
  lookingFor: 'Recherche',
  searchStage: 'Où en est sa recherche',
  goals: 'Objectifs',
};

const LOOKING_FOR: Readonly<Record<string, string>> = {
  stage: 'un stage',
  alternance: 'une alternance',
  cdi: 'un CDI',
  cdd: 'un CDD',
  emploi: 'un emploi',
};

// A profile value is a short answer; anything longer is not for a chat line.
const MAX_VALUE_CHARS = 200;

function display(key: string, value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = key === 'lookingFor' ? (LOOKING_FOR[value.trim().toLowerCase()] ?? value) : value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.join(', ');
  else return undefined;
  // Free text may still disclose something sensitive (« avec ma RQTH… »): masked like a message.
  text = redact(text.replace(/\s+/g, ' ').trim()).text;
  if (!text) return undefined;
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

export interface ProfileLine {
  key: string;
  label: string;
  value: string;
}

/** The profile lines a mentor may read, in the configured order. */
export function shareableProfile(profile: Record<string, unknown>, allowed: readonly string[]): ProfileLine[] {
  const lines: ProfileLine[] = [];
  for (const key of allowed) {
    if (isDeniedField(key) || !Object.hasOwn(profile, key)) continue;
    const value = display(key, profile[key]);
    if (value) lines.push({ key, label: FIELD_LABELS[key] ?? key, value });
  }
  return lines;
}
