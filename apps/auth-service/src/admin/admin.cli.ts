import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigReader, exitOnConfigError } from '@dua/service-kit';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuthDomainModule } from '../auth.module';
import { readAuthServiceConfig } from '../config/auth.config';
import { EnvironmentsService } from '../environments/environments.service';
import { LinkTokensService } from '../link-tokens/link-tokens.service';
import { VaultRotationService } from '../vault/vault-rotation.service';

/**
 * Self-hosters manage environments and keys here: `npm run admin -- <command>`. Output is JSON on stdout;
 * keys are printed once and never stored in clear.
 */
const USAGE = `Usage: npm run admin -- <command>
  create-environment <name>          a new environment and its first API key
  create-api-key <environment_id>    another API key for an environment
  revoke-api-key <api_key_id>        the key stops working (within the gateway's key cache TTL)
  add-redirect-uri <environment_id> <uri>
                                     allow the connect flow to send end users back to <uri>
  reencrypt                          re-seal every stored credential under the newest ENCRYPTION_KEYS key
  ensure-environment <name>          idempotent: the environment holding the key in $ENVIRONMENT_API_KEY
                                     (created with that key if none holds it); used by \`npm start\``;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Command = (args: string[], get: <T>(type: new (...args: never[]) => T) => T, settings: AdminSettings) => Promise<unknown>;

interface AdminSettings {
  /** The key for `ensure-environment`: taken from the environment, never from argv (argv shows in `ps`). */
  environmentApiKey?: string;
}

const COMMANDS: Record<string, Command> = {
  'create-environment': async ([name], get) => {
    if (!name?.trim()) throw new UsageError('create-environment needs a name');
    const created = await get(EnvironmentsService).create(name.trim());
    return { environment_id: created.environmentId, api_key: created.apiKey, api_key_id: created.apiKeyId };
  },
  'create-api-key': async ([environmentId], get) => {
    if (!environmentId || !UUID.test(environmentId)) throw new UsageError('create-api-key needs an environment id');
    if (!(await get(EnvironmentsService).exists(environmentId))) throw new UsageError(`No environment ${environmentId}`);
    const issued = await get(ApiKeysService).issue(environmentId);
    return { environment_id: environmentId, api_key: issued.apiKey, api_key_id: issued.apiKeyId };
  },
  'ensure-environment': async ([name], get, settings) => {
    if (!name?.trim()) throw new UsageError('ensure-environment needs a name');
    const apiKey = settings.environmentApiKey;
    if (!apiKey || apiKey.length < 20 || /\s/.test(apiKey)) throw new UsageError('ENVIRONMENT_API_KEY must hold a key of 20+ characters without spaces');
    const ensured = await get(EnvironmentsService).ensureWithApiKey(name.trim(), apiKey);
    return { environment_id: ensured.environmentId, api_key_id: ensured.apiKeyId };
  },
  'add-redirect-uri': async ([environmentId, uri], get) => {
    if (!environmentId || !UUID.test(environmentId) || !uri) throw new UsageError('add-redirect-uri needs an environment id and a URI');
    if (!(await get(EnvironmentsService).exists(environmentId))) throw new UsageError(`No environment ${environmentId}`);
    await get(LinkTokensService).addRedirectUri(environmentId, uri);
    return { environment_id: environmentId, redirect_uri: uri };
  },
  reencrypt: async (_args, get) => get(VaultRotationService).reencryptAll(),
  'revoke-api-key': async ([apiKeyId], get) => {
    if (!apiKeyId || !UUID.test(apiKeyId)) throw new UsageError('revoke-api-key needs an API key id');
    if (!(await get(ApiKeysService).revoke(apiKeyId))) throw new UsageError(`No active API key ${apiKeyId}`);
    return { api_key_id: apiKeyId, revoked: true };
  },
};

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [commandName, ...args] = argv;
  const command = commandName ? COMMANDS[commandName] : undefined;
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 64; // EX_USAGE
  }
  let config;
  let settings: AdminSettings;
  try {
    config = readAuthServiceConfig();
    settings = { environmentApiKey: new ConfigReader().optionalString('ENVIRONMENT_API_KEY') };
  } catch (error) {
    exitOnConfigError(error);
  }
  const app = await NestFactory.createApplicationContext(AuthDomainModule.register(config), { logger: ['error'] });
  try {
    const output = await command(args, (type) => app.get(type), settings);
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 64;
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`admin failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
