import './tracing';
import 'reflect-metadata';
import { bootstrapService } from '@dua/service-kit';
import { readSyncServiceConfig } from './config/sync.config';
import { SyncModule } from './sync.module';

void bootstrapService('sync', () => SyncModule.register(readSyncServiceConfig()));
