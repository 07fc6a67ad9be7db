export * from './random';
export * from './scenarios';
export * from './simulator';
export * from './server';
export { parseArgs, USAGE } from './cli';
