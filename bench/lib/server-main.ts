// Entry of the bench server's own process: prints `{"url":...}` on stdout, then serves until the
// parent closes stdin or sends SIGTERM.
import { startBenchServer } from './server.js';

const { server, url } = await startBenchServer();
process.stdout.write(`${JSON.stringify({ url })}\n`);
const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
