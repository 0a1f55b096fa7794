// The `@oauthkit/sandbox` entry: re-exports only.

export type { ActiveFault, FaultRule, SandboxFaults } from './faults.js';
export { formatSandbox, sandboxInfo } from './format-sandbox.js';
export type { ProviderApi, ProviderApiRequest, ProviderApiResponse, SandboxCaller } from './provider-api.js';
export { type StartSandboxOptions, startSandbox } from './start-sandbox.js';
export type { HelloAssoSandboxInfo, MisocaSandboxInfo, Sandbox, SandboxTokenRequests } from './types.js';
