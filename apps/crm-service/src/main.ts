import './tracing';
import 'reflect-metadata';
import { translateDataverseFailure } from '@dua/account-access';
import { bootstrapService } from '@dua/service-kit';
import { readCrmServiceConfig } from './config/crm.config';
import { CrmModule } from './crm.module';

void bootstrapService('crm', () => CrmModule.register(readCrmServiceConfig()), { errorTranslators: [translateDataverseFailure] });
