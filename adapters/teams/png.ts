import { deflateSync } from 'node:zlib';

/**
 * The two icons of the Teams app package, drawn in code so the repository holds no binary:
 * a white speech bubble (three dots inside) — on the brand colour for `color.png` (192×192),
 * alone on transparency for `outline.png` (32×32), as Teams requires.
 */

/** The app's brand colour (manifest `accentColor` and the colour icon's background). */
export const BRAND_COLOR = '#5A2A82';

type Rgba = [number, number, number, number];

export function colorIcon(size = 192): Buffer {
  const [r, g, b] = hexToRgb(BRAND_COLOR);
  return draw(size, (x, y) => {
    const inBubble = bubble(x, y) && !dots(x, y);
    return inBubble ? [255, 255, 255, 255] : [r, g, b, 255];
  });
}

export function outlineIcon(size = 32): Buffer {
  return draw(size, (x, y) => (bubble(x, y) && !dots(x, y) ? [255, 255, 255, 255] : [255, 255, 255, 0]));
}

// Shapes in unit coordinates (0..1, y down).
function bubble(x: number, y: number): boolean {
  return roundedRect(x, y, 0.16, 0.2, 0.84, 0.68, 0.12) || triangle(x, y, [0.28, 0.6], [0.46, 0.6], [0.24, 0.84]);
}

function dots(x: number, y: number): boolean {
  return [0.34, 0.5, 0.66].some((cx) => (x - cx) ** 2 + (y - 0.44) ** 2 <= 0.055 ** 2);
}

function roundedRect(x: number, y: number, x0: number, y0: number, x1: number, y1: number, radius: number): boolean {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const dx = Math.max(x0 + radius - x, 0, x - (x1 - radius));
  const dy = Math.max(y0 + radius - y, 0, y - (y1 - radius));
  return dx * dx + dy * dy <= radius * radius;
}

function triangle(x: number, y: number, a: [number, number], b: [number, number], c: [number, number]): boolean {
  const side = (p: [number, number], q: [number, number]) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** Renders with 4×4 supersampling so the edges are smooth at 32 pixels too. */
function draw(size: number, shade: (x: number, y: number) => Rgba): Buffer {
  const samples = 4;
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = shade((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          // Premultiplied by alpha, so transparent samples do not darken the edge.
          sum[0]! += c[0] * c[3];
          sum[1]! += c[1] * c[3];
          sum[2]! += c[2] * c[3];
          sum[3]! += c[3];
        }
      }
      const alpha = sum[3]! / (samples * samples);
      const at = (py * size + px) * 4;
      for (let i = 0; i < 3; i++) pixels[at + i] = alpha === 0 ? 0 : Math.round(sum[i]! / sum[3]!);
      pixels[at + 3] = Math.round(alpha);
    }
  }
  return encodePng(size, size, pixels);
}

/** A minimal PNG encoder: 8-bit RGBA, no interlacing, filter 0 on every row. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('encodePng: pixel buffer does not match the size');
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, filter 0, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed), 0);
  return Buffer.concat([length, typed, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}
