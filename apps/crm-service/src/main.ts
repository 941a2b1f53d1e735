import 'reflect-metadata';
import { bootstrapService } from '@dua/service-kit';
import { readCrmServiceConfig } from './config/crm.config';
import { CrmModule } from './crm.module';

void bootstrapService('crm', () => CrmModule.register(readCrmServiceConfig()));
