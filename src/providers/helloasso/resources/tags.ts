import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.tags`: the tags organizations and forms are labelled with. */
export function tagsResource(bind: OperationBinder<paths>) {
  return {
    /** One internal tag's details (`GET /tags/{tagName}`). */
    get: bind.json('tags.get', 'GET /tags/{tagName}'),
  };
}

/** The methods of `helloasso.tags`. */
export type HelloAssoTags = ReturnType<typeof tagsResource>;
