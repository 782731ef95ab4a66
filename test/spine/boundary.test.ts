import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);

const PLATFORM_SDKS = /^(botbuilder|botframework-|@whiskeysockets\/baileys|baileys)/;
// The composition roots choose adapters; nothing else in src/ may know they exist.
const COMPOSITION_ROOTS = [/^src\/runtime\/channels\.ts$/, /^src\/cli\//];

describe('boundaries', () => {
  it('src/ never imports a platform SDK', () => {
    const offenders = files('src').flatMap((f) => imports(f).filter((i) => PLATFORM_SDKS.test(i)).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('src/ imports adapters/ only from the composition roots', () => {
    const offenders = files('src')
      .filter((f) => !COMPOSITION_ROOTS.some((r) => r.test(f)))
      .flatMap((f) => imports(f).filter((i) => i.includes('/adapters/')).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('each adapter imports only its own SDK', () => {
    const own: Record<string, RegExp> = { teams: /^botbuilder|^botframework-/, 'whatsapp-baileys': /^@whiskeysockets\/baileys/ };
    const offenders: string[] = [];
    for (const dir of readdirSync('adapters')) {
      for (const f of files(join('adapters', dir))) {
        for (const i of imports(f)) if (PLATFORM_SDKS.test(i) && !own[dir]?.test(i)) offenders.push(`${f} → ${i}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only the outbox can seal a message (adapters cannot forge one)', () => {
    const offenders = [...files('src'), ...files('adapters')]
      .filter((f) => !f.startsWith('src/outbox/'))
      .filter((f) => /\bseal\s*\(/.test(readFileSync(f, 'utf8').replace(/sealer\.seal\(/g, '')))
      .filter((f) => imports(f).some((i) => i.endsWith('outbox/sealed.js')));
    expect(offenders).toEqual([]);
  });
});
