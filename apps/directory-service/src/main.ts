import './tracing';
import 'reflect-metadata';
import { translateDataverseFailure } from '@dua/account-access';
import { bootstrapService } from '@dua/service-kit';
import { DirectoryModule } from './directory.module';

void bootstrapService('directory', () => DirectoryModule.register(), { errorTranslators: [translateDataverseFailure] });
