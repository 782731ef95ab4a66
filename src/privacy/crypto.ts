import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Message bodies at rest: AES-256-GCM from node:crypto (OpenSSL), never a home-made cipher.
 * Format `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url): the key id makes rotation a config
 * change — new writes use the first key, old rows still decrypt with the others.
 */
export class Sealer {
  private readonly current: { id: string; key: Buffer };
  private readonly byId: Map<string, Buffer>;

  constructor(keys: { id: string; key: Buffer }[]) {
    if (keys.length === 0) throw new Error('Sealer needs at least one key');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', this.current.id, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [v, id, iv, tag, ct] = sealed.split('.');
    const key = id ? this.byId.get(id) : undefined;
    if (v !== 'v1' || !key || iv === undefined || tag === undefined || ct === undefined) {
      throw new Error(`cannot open sealed value (key ${id ?? '?'} unknown or bad format)`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  openOrNull(sealed: string | null | undefined): string | null {
    return sealed == null ? null : this.open(sealed);
  }

  /** Whether a value was sealed with an older key (the retention job re-seals these). */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}

/** Pseudonymous identifier for logs and the journal: keyed HMAC, stable, not reversible. */
export function pseudonymizer(key: Buffer): (value: string) => string {
  return (value) => 'p_' + createHmac('sha256', key).update(value).digest('base64url').slice(0, 16);
}
