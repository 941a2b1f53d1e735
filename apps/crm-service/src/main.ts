import 'reflect-metadata';
import { bootstrapService } from '@dua/service-kit';
import { CrmModule } from './crm.module';

void bootstrapService('crm', () => CrmModule);
