#!/usr/bin/env node
// Runs the compiled CLI when built (Docker image), the TypeScript sources otherwise.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
// The image ships dist/ without src/; a checkout runs the sources (never a stale build).
if (existsSync(compiled) && !existsSync(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)))) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
