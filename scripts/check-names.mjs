#!/usr/bin/env node
// The naming and self-containment rules of CONTRIBUTING.md that dependency-cruiser cannot state
// (`npm run lint` runs it after depcruise):
//   1. A source file that only its own folder imports is named `_*.ts`; one imported from another
//      folder or by an entry point (it is public API then) is not. dependency-cruiser checks the
//      first half the other way round. Examples are programs, not libraries, and are exempt.
//   2. No two source files of a package share a name, except index.ts and files of sibling folders
//      that mirror each other (the two provider emulators: same name, same role).
//   3. Nothing refers to documents outside the repository or to a path of a developer's machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

// `--root DIR` checks another tree laid out like this repository (the lint rules' own tests do).
const rootFlag = process.argv.indexOf('--root');
const repository =
  rootFlag === -1 ? fileURLToPath(new URL('..', import.meta.url)) : process.argv[rootFlag + 1];
process.chdir(repository);

const SOURCES = ['src', 'packages/sandbox/src', 'examples'].filter((root) => existsSync(root));
const ENTRY_POINTS = new Set([
  'src/index.ts',
  'src/redis/index.ts',
  'src/providers/helloasso/index.ts',
  'src/providers/misoca/index.ts',
  'src/cli/main.ts',
  'packages/sandbox/src/index.ts',
  'packages/sandbox/src/cli.ts',
  'examples/demo/main.ts',
]);
const problems = [];

const { output } = await cruise(SOURCES, {
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: 'node_modules' },
});
const modules = output.modules.filter((module) =>
  SOURCES.some((root) => module.source.startsWith(`${root}/`)),
);
for (const { source, dependents } of modules) {
  if (ENTRY_POINTS.has(source) || !source.endsWith('.ts') || source.startsWith('examples/')) continue;
  const folder = dirname(source);
  const name = basename(source);
  const publicUse = dependents.filter(
    (dependent) => dirname(dependent) !== folder || ENTRY_POINTS.has(dependent),
  );
  if (dependents.length === 0) problems.push(`${source}: nothing imports it and it is no entry point`);
  else if (!name.startsWith('_') && publicUse.length === 0) {
    problems.push(`${source}: only ${folder}/ imports it, so it is folder-private: name it _${name}`);
  } else if (name.startsWith('_') && publicUse.length > 0) {
    problems.push(`${source}: ${publicUse.join(', ')} import(s) it, so it is not folder-private: drop the _`);
  }
}

const byName = new Map();
for (const { source } of modules) {
  const name = basename(source);
  if (name === 'index.ts' || !source.endsWith('.ts')) continue;
  const packageRoot = SOURCES.find((root) => source.startsWith(`${root}/`));
  const key = `${packageRoot}:${name}`;
  byName.set(key, [...(byName.get(key) ?? []), source]);
}
for (const sources of byName.values()) {
  const parents = new Set(sources.map((source) => dirname(dirname(source))));
  if (sources.length > 1 && parents.size > 1) {
    problems.push(`two different files share a name: ${sources.join(', ')}; rename one after what it is`);
  }
}

// Documents that live outside this repository, and paths of a machine.
const OUTSIDE =
  /\/work\/|(\.\.\/)+shared\/(specs|seeds)|\b(DESIGN|OPERATIONS|CONVENTIONS)(\.md\b|\s*§)|[A-Z]+-NOTES\.md|\.SOURCE\.md|\/(home|Users)\/[a-z]/;
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter(
    (path) =>
      /\.(ts|mjs|cjs|md|json)$/.test(path) && !path.includes('/specs/') && path !== 'package-lock.json',
  );
for (const path of tracked) {
  if (path === 'scripts/check-names.mjs') continue;
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  text.split('\n').forEach((line, index) => {
    if (OUTSIDE.test(line))
      problems.push(`${path}:${index + 1}: refers outside the repository: ${line.trim()}`);
  });
}

if (problems.length > 0) {
  process.stderr.write(`${problems.map((problem) => `check-names: ${problem}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `check-names: ${modules.length} modules named by the rules; no reference outside the repository.\n`,
);
