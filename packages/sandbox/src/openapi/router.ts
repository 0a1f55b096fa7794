import type { SpecOperation } from './operations.js';

/** A request matched to a spec operation. */
export interface RouteMatch {
  operation: SpecOperation;
  pathParams: Record<string, string>;
}

/** What the router found for a method and path. */
export type RouteResult =
  | { kind: 'match'; match: RouteMatch }
  | { kind: 'method-not-allowed' }
  | { kind: 'none' };

interface CompiledRoute {
  operation: SpecOperation;
  segments: string[];
  literalCount: number;
}

/**
 * Matches concrete paths to templated spec paths. Literal segments win over parameters, so
 * `/forms/{formType}/action/quick-create` is preferred to `/forms/{formType}/{formSlug}/public`.
 */
export class SpecRouter {
  private readonly routes: CompiledRoute[];

  constructor(operations: readonly SpecOperation[]) {
    this.routes = operations
      .map((operation) => {
        const segments = operation.pathTemplate.split('/').filter(Boolean);
        return { operation, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length };
      })
      .sort((a, b) => b.literalCount - a.literalCount);
  }

  /** Finds the operation for a method and a path below the API base. */
  match(method: string, path: string): RouteResult {
    const parts = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const template = route.segments[i] ?? '';
        const part = parts[i] ?? '';
        if (template.startsWith('{')) {
          pathParams[template.slice(1, -1)] = safeDecode(part);
        } else if (template !== part) {
          ok = false;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.operation.method === method.toUpperCase()) {
        return { kind: 'match', match: { operation: route.operation, pathParams } };
      }
    }
    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'none' };
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
