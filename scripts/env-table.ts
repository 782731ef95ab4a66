/** Prints the README's configuration table from .env.example (one source of truth). */
import { readFileSync } from 'node:fs';

const lines = readFileSync('.env.example', 'utf8').split('\n');
const rows: string[] = ['| Variable | Défaut | Rôle |', '|---|---|---|'];
let comments: string[] = [];
let section = '';
let afterVar = false;
for (const line of lines) {
  const head = /^# ── (.+?) ─/.exec(line);
  if (head) {
    section = head[1]!;
    rows.push(`| **${section}** | | |`);
    comments = [];
  } else if (line.startsWith('# ')) {
    // A comment after variables starts a new description.
    if (afterVar) comments = [];
    afterVar = false;
    comments.push(line.slice(2));
  }
  else if (/^[A-Z0-9_]+=/.test(line)) {
    const [name, ...rest] = line.split('=');
    const value = rest.join('=');
    rows.push(`| \`${name}\` | ${value ? `\`${value.replace(/\|/g, '\\|')}\`` : '—'} | ${comments.join(' ').replace(/\|/g, '\\|')} |`);
    afterVar = true;
  } else if (!line.trim()) {
    comments = [];
    afterVar = false;
  }
}
console.log(rows.join('\n'));
