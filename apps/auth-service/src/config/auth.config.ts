import { ConfigReader } from '@dua/service-kit';

export interface AuthServiceConfig {
  databaseUrl: string;
  cursorSigningKey: string;
}

export function readAuthServiceConfig(env: NodeJS.ProcessEnv = process.env): AuthServiceConfig {
  const reader = new ConfigReader(env);
  const config = {
    databaseUrl: reader.url('DATABASE_URL', undefined, ['postgres:', 'postgresql:']),
    cursorSigningKey: reader.string('CURSOR_SIGNING_KEY'),
  };
  reader.done();
  return config;
}
