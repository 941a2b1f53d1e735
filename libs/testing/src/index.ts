export * from './stack';
export * from './emulator';
export * from './webhook-receiver';
export * from './otlp-receiver';
export * from './stack-secrets';
export * from './stack-rpc';
