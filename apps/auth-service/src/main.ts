import './tracing';
import 'reflect-metadata';
import { bootstrapService } from '@dua/service-kit';
import { AuthModule } from './auth.module';
import { readAuthServiceConfig } from './config/auth.config';
import { translateDatabaseFailure } from './database/database-failures';

void bootstrapService('auth', () => AuthModule.register(readAuthServiceConfig(process.env, { onBus: true })), { errorTranslators: [translateDatabaseFailure] });
