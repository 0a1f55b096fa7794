// A `--import` hook that appends every module URL the process resolves to $OAUTHKIT_MODULE_LOG.
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(${JSON.stringify(process.env.OAUTHKIT_MODULE_LOG)}, resolved.url + '\\n');
  return resolved;
}`)}`,
);
