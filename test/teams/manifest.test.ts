import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTeamsManifest } from '../../adapters/teams/index.js';
import { loadConfig } from '../../src/config/index.js';
import { isAppError } from '../../src/errors.js';

const APP_ID = '9f2c2a3e-5b7d-4c1e-8a6f-2d4b6c8e0a1f';

/** Decodes an 8-bit RGBA PNG the way a viewer would: signature, chunk CRCs, IHDR, IDAT. */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
    if (type === 'IEND') break;
  }
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (1 + width * 4));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (1 + width * 4)]).toBe(0); // filter "none"
    raw.copy(pixels, y * width * 4, y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4));
  }
  return { width, height, pixels };
}

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('Teams app package', () => {
  let dir: string;
  const config = loadConfig({ TEAMS_MODE: 'off', MICROSOFT_APP_ID: APP_ID, PUBLIC_BASE_URL: 'https://maia.nqt.example:8443/base' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'maia-teams-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('zips a v1.17 manifest with the bot in personal, team and group chat scopes, in French', async () => {
    const path = await buildTeamsManifest(config, join(dir, 'out', 'super-mentor-ia.zip'));

    const zip = await JSZip.loadAsync(await readFile(path));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.$schema).toContain('/v1.17/MicrosoftTeams.schema.json');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.name.short).toBe('Super Mentor IA');
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.description.short).toContain("Service assisté par l'IA");
    expect(manifest.description.full).toContain("Service assisté par l'IA");
    expect(manifest.validDomains).toEqual(['maia.nqt.example:8443']);
    const [bot] = manifest.bots;
    expect(bot.botId).toBe(APP_ID);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    const titles = bot.commandLists[0].commands.map((c: { title: string }) => c.title);
    expect(titles).toEqual(['mes jeunes', 'suivi', 'synthèse <prénom>', 'profil <prénom>']);
    for (const command of bot.commandLists[0].commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('draws a 192×192 opaque colour icon and a 32×32 white-on-transparent outline icon', async () => {
    const zip = await JSZip.loadAsync(await readFile(await buildTeamsManifest(config, join(dir, 'icons.zip'))));

    const color = decodePng(await zip.file('color.png')!.async('nodebuffer'));
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.pixels.length; i += 4) expect(color.pixels[i]).toBe(255);

    const outline = decodePng(await zip.file('outline.png')!.async('nodebuffer'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const alpha = outline.pixels[i + 3]!;
      if (alpha > 0) expect([outline.pixels[i], outline.pixels[i + 1], outline.pixels[i + 2]]).toEqual([255, 255, 255]);
      if (alpha === 255) opaque++;
    }
    expect(opaque).toBeGreaterThan(100); // a glyph, not an empty square
    expect(opaque).toBeLessThan(32 * 32 - 100); // nor a filled one
  });

  it('refuses to build without the bot’s app id or a public https address', async () => {
    const noId = loadConfig({ TEAMS_MODE: 'off', PUBLIC_BASE_URL: 'https://maia.nqt.example' });
    await expect(buildTeamsManifest(noId, join(dir, 'x.zip'))).rejects.toSatisfy((e) => isAppError(e, 'CONFIG_INVALID'));
    const plainHttp = loadConfig({ TEAMS_MODE: 'off', MICROSOFT_APP_ID: APP_ID, PUBLIC_BASE_URL: 'http://maia.nqt.example' });
    await expect(buildTeamsManifest(plainHttp, join(dir, 'y.zip'))).rejects.toSatisfy((e) => isAppError(e, 'CONFIG_INVALID'));
  });
});
