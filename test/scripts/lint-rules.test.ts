import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// `npm run lint` must fail on a cycle, a broken layer and a misnamed file: each case lays out a
// small tree like this repository's, with the real rules, and runs the real checkers on it.
const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(REPOSITORY, 'node_modules/.bin/depcruise');
const CHECK_NAMES = join(REPOSITORY, 'scripts/check-names.mjs');
let tree: string | undefined;

afterEach(() => {
  if (tree) rmSync(tree, { recursive: true, force: true });
  tree = undefined;
});

/** A git work tree holding `files` (path → source), the rules and a tsconfig. */
function layOut(files: Record<string, string>): string {
  tree = mkdtempSync(join(tmpdir(), 'oauthkit-lint-'));
  copyFileSync(join(REPOSITORY, '.dependency-cruiser.cjs'), join(tree, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(tree, 'tsconfig.json'),
    '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext" } }\n',
  );
  const all = { 'src/index.ts': "export { run } from './http/api.js';\n", ...files };
  for (const [path, source] of Object.entries(all)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), source);
  }
  execFileSync('git', ['init', '-q'], { cwd: tree });
  execFileSync('git', ['add', '.'], { cwd: tree });
  return tree;
}

function depcruise(root: string) {
  return spawnSync(DEPCRUISE, ['src', '--config', '.dependency-cruiser.cjs'], {
    cwd: root,
    encoding: 'utf8',
  });
}

function checkNames(root: string) {
  return spawnSync(process.execPath, [CHECK_NAMES, '--root', root], { encoding: 'utf8' });
}

const API = "import { lib } from '../shared/lib.js';\nexport const run = () => lib;\n";
const LIB = 'export const lib = 1;\n';

describe('the lint rules', () => {
  it('pass on a tree that keeps them', () => {
    const root = layOut({ 'src/http/api.ts': API, 'src/shared/lib.ts': LIB });
    expect(depcruise(root).status).toBe(0);
    expect(checkNames(root).stdout).toContain('no reference outside the repository');
  });

  it('fail on an import cycle, type imports included', () => {
    const root = layOut({
      'src/http/api.ts': `${API}import type { B } from './b.js';\nexport type A = B;\n`,
      'src/http/b.ts': "import type { A } from './api.js';\nexport type B = A | 1;\n",
      'src/shared/lib.ts': LIB,
    });
    const result = depcruise(root);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/no-circular: src\/http\/api\.ts/);
  });

  it('fail when tokens/ imports http/', () => {
    const root = layOut({
      'src/http/api.ts': API,
      'src/shared/lib.ts': LIB,
      'src/tokens/manager.ts': "import { run } from '../http/api.js';\nexport const manager = run;\n",
    });
    const result = depcruise(root);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(
      'tokens-imports-only-errors-shared: src/tokens/manager.ts → src/http/api.ts',
    );
  });

  it('fail when a folder-private _ file is imported from another folder, and when a private file has no _', () => {
    const root = layOut({
      'src/http/api.ts': "import { lib } from '../shared/_lib.js';\nexport const run = () => lib;\n",
      'src/shared/_lib.ts': LIB,
      'src/http/helper.ts': 'export const helper = 2;\n',
      'src/http/uses-helper.ts': "import { helper } from './helper.js';\nexport const twice = helper * 2;\n",
    });
    expect(depcruise(root).stdout).toContain(
      'underscore-is-folder-private: src/http/api.ts → src/shared/_lib.ts',
    );
    const names = checkNames(root);
    expect(names.status).toBe(1);
    expect(names.stderr).toContain('src/http/helper.ts: only src/http/ imports it, so it is folder-private');
    expect(names.stderr).toContain(
      'src/shared/_lib.ts: src/http/api.ts import(s) it, so it is not folder-private',
    );
  });

  it('fail on a comment that cites a document outside the repository or a machine path', () => {
    // Built from parts, so that this file does not trip the check it tests.
    const machinePath = ['', 'home', 'someone', 'notes.md'].join('/');
    const root = layOut({
      'src/http/api.ts': `// See the design notes at ${machinePath}\n${API}`,
      'src/shared/lib.ts': LIB,
    });
    const names = checkNames(root);
    expect(names.status).toBe(1);
    expect(names.stderr).toContain('src/http/api.ts:1: refers outside the repository');
  });
});
