import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';

describe('.env.example', () => {
  const text = readFileSync('.env.example', 'utf8');
  const documented = new Map(
    [...text.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]),
  );

  it('documents every configuration variable, and only those', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('shows the real default of each variable', () => {
    const defaults = configSchema.parse({});
    for (const [name, shown] of documented) {
      const value = (defaults as Record<string, unknown>)[name];
      const expected = value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value);
      expect(shown, name).toBe(expected);
    }
  });
});
