// A separate process for the shared-FileTokenStore test: one Misoca over the token file, one call
// that needs a renewal first; prints what it got (never a token, only its hash).
import { createHash } from 'node:crypto';
import { Misoca } from 'oauthkit/misoca';
import { FileTokenStore } from '../../src/tokens/file-store.js';

const [path, infoJson] = process.argv.slice(2);
const info = JSON.parse(infoJson ?? '{}');
const events: string[] = [];
const misoca = new Misoca({
  ...info,
  store: new FileTokenStore(path ?? ''),
  onTokenEvent: (event) => events.push(event.type),
});
const me = await misoca.user.me();
const token = await misoca.tokens.getAccessToken();
process.stdout.write(
  JSON.stringify({ email: me.email, events, tokenHash: createHash('sha256').update(token).digest('hex') }),
);
process.exit(0);
