// `oauthkit profile list|show|remove|use`.
import { CliError, EXIT, printJson, printMessage, printResult } from '../output.js';
import { readConfig, selectProfileName, writeClientSecret, writeConfig } from '../profiles.js';
import { tokenStore } from '../session.js';

/** Runs `profile <action>`. */
export async function run(action: string, options: Record<string, unknown>, args: string[]): Promise<number> {
  const config = await readConfig();
  const selected = selectProfileName(config, options.profile as string | undefined);
  if (action === 'list') {
    const names = Object.keys(config.profiles);
    if (options.json)
      printJson(
        names.map((name) => ({
          name,
          provider: config.profiles[name]?.provider,
          current: name === selected,
        })),
      );
    else
      for (const name of names)
        printResult(`${name === selected ? '*' : ' '} ${name} (${config.profiles[name]?.provider})`);
    return EXIT.ok;
  }
  const name = args[0] ?? selected;
  if (!name) throw new CliError('no profile named', 'pass a profile name', EXIT.usage);
  const profile = config.profiles[name];
  if (!profile) throw new CliError(`no profile named "${name}"`, 'see oauthkit profile list');
  if (action === 'show') {
    if (options.json) printJson({ name, ...profile });
    else
      for (const [key, value] of Object.entries({ name, ...profile }))
        printResult(`${key}: ${Array.isArray(value) ? value.join(' ') : value}`);
  } else if (action === 'use') {
    config.current = name;
    await writeConfig(config);
    printMessage(`Using profile "${name}".`);
  } else {
    delete config.profiles[name];
    if (config.current === name) delete config.current;
    await writeConfig(config);
    await tokenStore().delete(name);
    await writeClientSecret(name, undefined);
    printMessage(`Removed profile "${name}".`);
  }
  return EXIT.ok;
}
