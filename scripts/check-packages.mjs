#!/usr/bin/env node
// Checks the packed packages as users get them (run after `npm run build`):
//   1. publint and attw on `oauthkit` and `@oauthkit/sandbox`;
//   2. the `oauthkit` tarball holds no sandbox code and no specs;
//   3. a project that installs the `oauthkit` tarball gets only the library's own runtime
//      dependencies (`npm ls --omit=dev --all`);
//   4. a project that installs the `@oauthkit/sandbox` tarball can start the sandbox, from code and
//      with its `oauthkit-sandbox` command.
// Prints each tarball's size and dependency count; exits 1 on the first failed check.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(repository, 'node_modules/.bin', name);
const run = (command, args, cwd = repository) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const fail = (message) => {
  process.stderr.write(`check-packages: ${message}\n`);
  process.exit(1);
};

const packages = [
  { name: 'oauthkit', dir: '.' },
  { name: '@oauthkit/sandbox', dir: 'packages/sandbox' },
];
for (const { dir } of packages) {
  execFileSync(bin('publint'), ['--strict', dir], { cwd: repository, stdio: 'inherit' });
  execFileSync(bin('attw'), ['--pack', dir, '--profile', 'esm-only'], { cwd: repository, stdio: 'inherit' });
}

const work = await mkdtemp(join(tmpdir(), 'oauthkit-packages-'));
try {
  const packed = {};
  for (const { name, dir } of packages) {
    const [info] = JSON.parse(
      run('npm', ['pack', '--json', '--pack-destination', work], join(repository, dir)),
    );
    packed[name] = { ...info, tarball: join(work, info.filename) };
  }

  const library = packed.oauthkit;
  const strays = library.files
    .map((file) => file.path)
    .filter((path) => /sandbox|specs\/|\.json$/.test(path));
  if (strays.filter((path) => path !== 'package.json').length > 0) {
    fail(`the oauthkit tarball holds sandbox code or specs: ${strays.join(', ')}`);
  }

  const manifest = JSON.parse(await readFile(join(repository, 'package.json'), 'utf8'));
  const libraryTree = await installed(join(work, 'library'), [library.tarball]);
  const direct = [...installedChildren(libraryTree.dependencies.oauthkit)].map(([name]) => name).sort();
  const declared = Object.keys(manifest.dependencies).sort();
  if (direct.join() !== declared.join()) {
    fail(`oauthkit installs ${direct.join(', ')}, but declares ${declared.join(', ')}`);
  }
  // The `oauthkit` bin of the installed tarball runs (executable, its imports all packed).
  const cliVersion = run(
    join(work, 'library', 'node_modules', '.bin', 'oauthkit'),
    ['--version'],
    join(work, 'library'),
  ).trim();
  if (cliVersion !== manifest.version)
    fail(`oauthkit --version printed "${cliVersion}", not ${manifest.version}`);

  const sandboxOnly = Object.keys(
    JSON.parse(await readFile(join(repository, 'packages/sandbox/package.json'), 'utf8')).dependencies,
  );
  const libraryAll = names(libraryTree);
  const leaked = sandboxOnly.filter((name) => libraryAll.has(name));
  if (leaked.length > 0) fail(`installing oauthkit also installs ${leaked.join(', ')}`);

  const sandboxProject = join(work, 'sandbox');
  const sandboxTree = await installed(sandboxProject, [packed['@oauthkit/sandbox'].tarball]);
  await startsFromCode(sandboxProject);
  await startsFromCommand(sandboxProject);

  const rows = [
    ['package', 'tarball', 'unpacked', 'files', 'runtime dependencies (all levels)'],
    ...[
      ['oauthkit', library, libraryAll.size - 1],
      ['@oauthkit/sandbox', packed['@oauthkit/sandbox'], names(sandboxTree).size - 1],
    ].map(([name, info, count]) => [name, kib(info.size), kib(info.unpackedSize), info.entryCount, count]),
  ];
  for (const row of rows)
    process.stdout.write(`${row.map((cell, i) => String(cell).padEnd(i ? 12 : 20)).join('')}\n`);
  process.stdout.write('check-packages: both packed packages are sound.\n');
} finally {
  await rm(work, { recursive: true, force: true });
}

/** Installs `tarballs` into a new project at `dir`; its `npm ls --omit=dev --all` tree. */
async function installed(dir, tarballs) {
  execFileSync('mkdir', ['-p', dir]);
  await writeFile(join(dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], dir);
  return JSON.parse(run('npm', ['ls', '--omit=dev', '--all', '--json'], dir));
}

/** The installed children of an `npm ls` node (an optional peer left out shows as `{}`). */
function installedChildren(node) {
  return Object.entries(node.dependencies ?? {}).filter(([, child]) => child.version !== undefined);
}

/** Every installed package name in an `npm ls` tree, the root's own dependencies included. */
function names(tree, into = new Set()) {
  for (const [name, child] of installedChildren(tree)) {
    into.add(name);
    names(child, into);
  }
  return into;
}

async function startsFromCode(dir) {
  const script = `
    const { startSandbox } = await import('@oauthkit/sandbox');
    const sandbox = await startSandbox({ autoApprove: true });
    const answer = await fetch(sandbox.helloasso.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.helloasso.clientId, client_secret: sandbox.helloasso.clientSecret }),
    });
    const { access_token } = await answer.json();
    const me = await fetch(sandbox.helloasso.baseUrl + '/organizations/' + sandbox.helloasso.organizationSlug, { headers: { authorization: 'Bearer ' + access_token } });
    await sandbox.close();
    if (me.status !== 200) throw new Error('the packed sandbox answered ' + me.status);
  `;
  run(process.execPath, ['--input-type=module', '-e', script], dir);
}

async function startsFromCommand(dir) {
  const child = spawn(join(dir, 'node_modules/.bin/oauthkit-sandbox'), ['--json'], { cwd: dir });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`oauthkit-sandbox exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve(JSON.parse(output.split('\n')[0]).url);
    });
  }).catch((error) => fail(`the packed oauthkit-sandbox did not start: ${error.message}`));
  const described = await fetch(`${url}/_sandbox`);
  child.kill('SIGTERM');
  if (described.status !== 200) fail(`the packed oauthkit-sandbox answered ${described.status}`);
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
