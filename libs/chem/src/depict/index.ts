export * from './depict';
export * from './depict-structure';
