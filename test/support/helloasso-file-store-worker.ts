// One process of the shared-FileTokenStore test: calls HelloAsso once through a FileTokenStore and
// prints the bearer it ended up with. argv: token file; env HELLOASSO_SANDBOX: the sandbox descriptor.
import { FileTokenStore } from 'oauthkit';
import { HelloAsso } from 'oauthkit/helloasso';

const sandbox = JSON.parse(String(process.env.HELLOASSO_SANDBOX)) as {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  authBase: string;
  organizationSlug: string;
};
const helloasso = new HelloAsso({
  clientId: sandbox.clientId,
  clientSecret: sandbox.clientSecret,
  environment: { apiBase: sandbox.apiBase, authBase: sandbox.authBase },
  store: new FileTokenStore(String(process.argv[2])),
});
const organization = await helloasso.organizations.get({ organizationSlug: sandbox.organizationSlug });
process.stdout.write(`${organization.organizationSlug}\n`);
