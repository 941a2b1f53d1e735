import { Module } from '@nestjs/common';
import { HealthHandler } from './health/health.handler';

@Module({ controllers: [HealthHandler] })
export class DirectoryModule {}
