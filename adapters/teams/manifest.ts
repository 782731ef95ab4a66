import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import JSZip from 'jszip';
import type { Config } from '../../src/config/index.js';
import { AppError } from '../../src/errors.js';
import { BRAND_COLOR, colorIcon, outlineIcon } from './png.js';

const MANIFEST_VERSION = '1.17';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPES = ['personal', 'team', 'groupChat'] as const;

/** The Super Mentor commands Teams proposes as you type (a title is at most 32 characters). */
const COMMANDS = [
  { title: 'mes jeunes', description: 'La liste des jeunes que vous accompagnez et leurs derniers échanges' },
  { title: 'suivi', description: 'Les points de suivi à prévoir : rendez-vous, relances, jeunes sans nouvelles' },
  { title: 'synthèse <prénom>', description: "La progression d'un de vos jeunes, par exemple « synthèse Inès »" },
  { title: 'profil <prénom>', description: "Le profil d'un de vos jeunes (études, recherche, objectifs)" },
] as const;

export interface ManifestOptions {
  /** App package version; raise it for Teams to take an update (default 1.0.0). */
  version?: string;
  developerName?: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsOfUseUrl?: string;
}

/**
 * Builds the Teams app package (manifest.json + color.png + outline.png, zipped) that an
 * administrator uploads in the Teams admin center or a developer sideloads. Returns the
 * absolute path of the zip written to `outFile`.
 */
export async function buildTeamsManifest(config: Config, outFile: string, opts: ManifestOptions = {}): Promise<string> {
  const manifest = teamsManifest(config, opts);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  zip.file('color.png', colorIcon(192));
  zip.file('outline.png', outlineIcon(32));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const path = resolve(outFile);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

export function teamsManifest(config: Config, opts: ManifestOptions = {}): Record<string, unknown> {
  const appId = config.MICROSOFT_APP_ID;
  if (!appId || !GUID.test(appId)) {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration: MICROSOFT_APP_ID — the Teams app package needs the bot’s app id (a GUID)');
  }
  const domain = publicDomain(config.PUBLIC_BASE_URL);
  const website = opts.websiteUrl ?? 'https://www.nqt.fr';
  const name = config.TEAMS_APP_NAME.slice(0, 30);
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: MANIFEST_VERSION,
    version: opts.version ?? '1.0.0',
    id: appId,
    localizationInfo: { defaultLanguageTag: 'fr-fr' },
    developer: {
      name: opts.developerName ?? 'NQT — Nos Quartiers ont des Talents',
      websiteUrl: website,
      privacyUrl: opts.privacyUrl ?? website,
      termsOfUseUrl: opts.termsOfUseUrl ?? website,
    },
    name: { short: name, full: `${name} — NQT` },
    description: {
      short: "L'assistant des mentors NQT · Service assisté par l'IA",
      full: [
        `${name} accompagne les mentors de Nos Quartiers ont des Talents (NQT) dans le suivi des jeunes diplômés qu'ils parrainent :`,
        '« mes jeunes », « suivi », « synthèse <prénom> », « profil <prénom> », et vos questions sur le mentorat, à partir des ressources de NQT.',
        "Service assisté par l'IA : les réponses sont générées automatiquement et peuvent comporter des erreurs ; chaque message le signale.",
        "Pour toute situation sensible, l'équipe NQT reste votre interlocutrice : les alertes sont transmises aux chargés de mission dans Teams.",
      ].join(' '),
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: BRAND_COLOR,
    bots: [
      {
        botId: appId,
        scopes: [...SCOPES],
        isNotificationOnly: false,
        supportsFiles: false,
        commandLists: [{ scopes: [...SCOPES], commands: COMMANDS.map((c) => ({ ...c })) }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [domain],
  };
}

function publicDomain(baseUrl: string | undefined): string {
  let url: URL | undefined;
  try {
    url = baseUrl ? new URL(baseUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') {
    throw new AppError('CONFIG_INVALID', 'Invalid configuration: PUBLIC_BASE_URL — the Teams app package needs the public https address of MAIA');
  }
  return url.host;
}
