// `npm run demo [-- --out DIR]`: the README's main job (see src/sandbox/demo.ts).
import { parseArgs } from 'node:util';
import { runDemo } from '../src/sandbox/demo.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
try {
  await runDemo(values.out ? { outputDir: values.out } : {});
  process.exit(0);
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
