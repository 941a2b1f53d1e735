export * from './sync.patterns';
export * from './change-event.dto';
export * from './webhook.dto';
export * from './crm-changes';
