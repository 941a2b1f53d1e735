export * from './stack';
export * from './emulator';
