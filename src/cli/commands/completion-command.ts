// `oauthkit completion bash|zsh|fish`: a completion script built from the command tree itself.
import type { Command } from 'commander';
import { CliError, EXIT, printResult } from '../output.js';

function flagsOf(command: Command): string[] {
  return command.options.flatMap((option) =>
    [option.long, option.short].filter((flag): flag is string => Boolean(flag)),
  );
}

/** Prints the completion script for `shell`. */
export async function run(program: Command, shell: string): Promise<number> {
  const commands = program.commands.map((command) => command.name());
  if (shell === 'bash' || shell === 'zsh') {
    const cases = program.commands
      .map((command) => {
        const words = [...command.commands.map((sub) => sub.name()), ...flagsOf(command), '--help'];
        return `    ${command.name()}) words="${words.join(' ')}" ;;`;
      })
      .join('\n');
    const prefix = shell === 'zsh' ? 'autoload -U +X bashcompinit && bashcompinit\n' : '';
    printResult(`${prefix}_oauthkit() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words
  case "\${COMP_WORDS[1]}" in
${cases}
    *) words="${commands.join(' ')} --profile --version --help" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _oauthkit oauthkit`);
    return EXIT.ok;
  }
  if (shell === 'fish') {
    const lines = [`complete -c oauthkit -f -n __fish_use_subcommand -a "${commands.join(' ')}"`];
    for (const command of program.commands) {
      for (const option of command.options) {
        if (option.long)
          lines.push(
            `complete -c oauthkit -n "__fish_seen_subcommand_from ${command.name()}" -l ${option.long.slice(2)} -d "${option.description.replaceAll('"', "'")}"`,
          );
      }
    }
    printResult(lines.join('\n'));
    return EXIT.ok;
  }
  throw new CliError(`no completion for "${shell}"`, 'use bash, zsh or fish', EXIT.usage);
}
