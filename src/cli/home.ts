// Where the CLI keeps its files: $OAUTHKIT_HOME, else the XDG config and state directories.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The CLI's file locations. */
export interface CliPaths {
  /** Profiles and the chosen one (no secret in it). */
  configFile: string;
  /** The `FileTokenStore` file, one key per profile. */
  tokenFile: string;
  /** Client secrets, one per profile: 0600, beside the tokens. */
  secretFile: string;
}

/** Resolves the file locations from the environment. */
export function cliPaths(env: NodeJS.ProcessEnv = process.env): CliPaths {
  const home = env.OAUTHKIT_HOME;
  if (home) {
    return {
      configFile: join(home, 'config.json'),
      tokenFile: join(home, 'state', 'tokens.json'),
      secretFile: join(home, 'state', 'client-secrets.json'),
    };
  }
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const state = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return {
    configFile: join(config, 'oauthkit', 'config.json'),
    tokenFile: join(state, 'oauthkit', 'tokens.json'),
    secretFile: join(state, 'oauthkit', 'client-secrets.json'),
  };
}
