import 'reflect-metadata';
import { bootstrapService } from '@dua/service-kit';
import { DirectoryModule } from './directory.module';

void bootstrapService('directory', () => DirectoryModule.register());
