// The config file (profiles, the chosen one) and the client-secret file (0600, beside the tokens).
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writePrivateFile } from '../tokens/private-file.js';
import { cliPaths } from './home.js';
import { CliError, EXIT } from './output.js';

/** The grants `login --flow` knows. */
export type LoginFlow = 'browser' | 'password' | 'client-credentials' | 'device';

/** What a profile remembers: endpoints, client id, flow. Never a token or a secret. */
export interface Profile {
  provider: string;
  flow: LoginFlow;
  clientId: string;
  tokenEndpoint: string;
  authorizationEndpoint?: string;
  revocationEndpoint?: string;
  deviceAuthorizationEndpoint?: string;
  issuer?: string;
  apiBase?: string;
  /**
   * Where a provider SDK points (presets `misoca` and `helloasso`), as the SDK's own options:
   * `{ siteUrl }` for Misoca, `{ apiBase, authBase }` (origins, no `/v5`) for HelloAsso.
   */
  sdk?: { siteUrl?: string; apiBase?: string; authBase?: string };
  scopes?: string[];
  username?: string;
}

/** The config file's content. */
export interface CliConfig {
  current?: string;
  profiles: Record<string, Profile>;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(
      `the ${what} file ${file} is not valid JSON`,
      `fix it or delete it (then run oauthkit login again)`,
    );
  }
}

async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // The same writer as the token file: 0600, exclusive, no links followed, flushed, renamed.
  await writePrivateFile(file, `${JSON.stringify(value, null, 2)}\n`, 'private file');
}

/** Reads the config file; an empty config when there is none. */
export async function readConfig(): Promise<CliConfig> {
  const file = cliPaths().configFile;
  const value = await readJson(file, 'config');
  if (value === undefined) return { profiles: {} };
  if (typeof value !== 'object' || value === null || typeof (value as CliConfig).profiles !== 'object') {
    throw new CliError(`the config file ${file} has no "profiles" object`, 'fix it or delete it');
  }
  return value as CliConfig;
}

/** Writes the config file atomically. */
export function writeConfig(config: CliConfig): Promise<void> {
  return writeJsonAtomic(cliPaths().configFile, config);
}

/** The profile name to use: `--profile`, then `OAUTHKIT_PROFILE`, then the one chosen with `use`. */
export function selectProfileName(config: CliConfig, flag: string | undefined): string | undefined {
  return flag ?? (process.env.OAUTHKIT_PROFILE || undefined) ?? config.current;
}

/** The profile the last `loadProfile` picked, so an error's hint can name it. */
export const selection: { name?: string } = {};

/** Loads the selected profile or fails with a hint. */
export async function loadProfile(flag: string | undefined): Promise<{ name: string; profile: Profile }> {
  const config = await readConfig();
  const name = selectProfileName(config, flag);
  if (name) selection.name = name;
  if (!name)
    throw new CliError('no profile selected', 'run oauthkit login, or pass --profile NAME', EXIT.usage);
  const profile = config.profiles[name];
  if (!profile) {
    const known = Object.keys(config.profiles).join(', ') || 'none';
    throw new CliError(
      `no profile named "${name}" (known: ${known})`,
      `run oauthkit login --profile ${name}`,
    );
  }
  return { name, profile };
}

/** The stored client secret of a profile, if any. */
export async function readClientSecret(name: string): Promise<string | undefined> {
  const value = (await readJson(cliPaths().secretFile, 'client secret')) as
    | Record<string, string>
    | undefined;
  return value?.[name];
}

/** Stores (or, with `undefined`, forgets) a profile's client secret in the 0600 secret file. */
export async function writeClientSecret(name: string, secret: string | undefined): Promise<void> {
  const file = cliPaths().secretFile;
  const value = ((await readJson(file, 'client secret')) as Record<string, string> | undefined) ?? {};
  if (secret === undefined) delete value[name];
  else value[name] = secret;
  await writeJsonAtomic(file, value);
}
