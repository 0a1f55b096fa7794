// The layering rules of CONTRIBUTING.md, checked by `npm run lint` (dependency-cruiser).
// Layers, lowest first; a layer imports only the ones before it:
//   shared → errors → transport → tokens → oauth, http, redis → providers/sdk → providers/<provider>
//   → (index.ts, the entries)
const LIBRARY = '^src/';

/** A rule that `folder` imports nothing in src/ but itself and `allowed`. */
function onlyImports(folder, allowed, comment) {
  const permitted = [folder, ...allowed].join('|');
  return {
    name: `${folder}-imports-only-${allowed.join('-') || 'itself'}`,
    comment,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: LIBRARY, pathNot: `^src/(${permitted})/` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import cycles (type imports included) make the load order and the layers unreadable.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'src/cli/ is the oauthkit command: it may import all of the library, nothing imports it.',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    onlyImports('shared', [], 'shared/ holds leaf helpers that every layer may import.'),
    onlyImports('errors', ['shared'], 'errors/ is below everything but shared/.'),
    onlyImports('transport', ['errors', 'shared'], 'transport/ is the one place that talks to undici.'),
    onlyImports('tokens', ['errors', 'shared'], 'tokens/ defines the ports; protocol and HTTP plug into it.'),
    onlyImports('oauth', ['tokens', 'transport', 'errors', 'shared'], 'oauth/ never imports http/.'),
    onlyImports('http', ['tokens', 'transport', 'errors', 'shared'], 'http/ never imports oauth/.'),
    onlyImports('redis', ['tokens', 'errors', 'shared'], 'redis/ is a token store, nothing more.'),
    onlyImports(
      'providers/sdk',
      ['http', 'oauth', 'tokens', 'transport', 'errors', 'shared'],
      'providers/sdk/ is what both SDKs share: operations bound to ApiClient, paginate.',
    ),
    onlyImports(
      'providers/helloasso',
      ['providers/sdk', 'http', 'oauth', 'tokens', 'transport', 'errors', 'shared'],
      'An SDK builds on the core and the shared SDK parts, never on the other SDK.',
    ),
    onlyImports(
      'providers/misoca',
      ['providers/sdk', 'http', 'oauth', 'tokens', 'transport', 'errors', 'shared'],
      'An SDK builds on the core and the shared SDK parts, never on the other SDK.',
    ),
    {
      name: 'library-stands-alone',
      comment: 'The library never imports the sandbox, the examples, the tests or the benchmarks.',
      severity: 'error',
      from: { path: LIBRARY },
      to: { path: '^(packages|examples|test|bench|scripts)/' },
    },
    {
      name: 'sandbox-stands-alone',
      comment: '@oauthkit/sandbox is its own package: it imports nothing of oauthkit, the examples or tests.',
      severity: 'error',
      from: { path: '^packages/sandbox/src/' },
      to: { path: '^(src|examples|test|bench|scripts)/' },
    },
    {
      name: 'underscore-is-folder-private',
      comment: 'A file named _*.ts is private to its folder: only files of that folder import it.',
      severity: 'error',
      from: { path: '^([^.]+)/[^/]+$', pathNot: '^(test|bench|scripts|packages/[^/]+/test)/' },
      to: { path: '/_[^/]+$', pathNot: '^$1/_[^/]+$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
  },
};
