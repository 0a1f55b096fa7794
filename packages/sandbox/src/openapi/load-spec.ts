import { existsSync, readFileSync } from 'node:fs';

/** The provider specs kept (unmodified) in the package's `specs/` folder. */
export type SpecName = 'misoca-api-v3-swagger.json' | 'helloasso-v5-openapi.json';

/** A parsed OpenAPI 3 or Swagger 2 document, read only through the fields the sandbox uses. */
export interface SpecDocument {
  swagger?: string;
  openapi?: string;
  paths: Record<string, Record<string, unknown>>;
  definitions?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
}

const cache = new Map<SpecName, SpecDocument>();

/**
 * Reads a spec from `specs/` at the package root, once per process. The root is found by walking
 * up from this module, which lives in `src/openapi/` (tsx, vitest) or in a bundled chunk
 * under `dist/` (the built package).
 */
export function loadSpec(name: SpecName): SpecDocument {
  const cached = cache.get(name);
  if (cached) return cached;
  const url = findSpec(name);
  const spec = JSON.parse(readFileSync(url, 'utf8')) as SpecDocument;
  if (typeof spec.paths !== 'object' || spec.paths === null) {
    throw new Error(`The spec ${name} has no paths; reinstall @oauthkit/sandbox or restore specs/${name}.`);
  }
  cache.set(name, spec);
  return spec;
}

function findSpec(name: SpecName): URL {
  for (let up = '../'; up.length <= 5 * 3; up += '../') {
    const candidate = new URL(`${up}specs/${name}`, import.meta.url);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `The spec ${name} was not found in the package's specs/ folder; reinstall @oauthkit/sandbox.`,
  );
}
