export * from './types';
export * from './duration';
export * from './metrics';
export * from './signals';
export * from './options';
export * from './promql';
export * from './thresholds';
export * from './health';
