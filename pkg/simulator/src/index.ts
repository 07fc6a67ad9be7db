export * from './random';
export * from './scenarios';
export * from './simulator';
export * from './fleet';
export * from './server';
export * from './recorder';
export { DIALECT_AREAS, DIALECT_IDS, type DialectId, assignAreas, isDialect, unknownDialect } from './dialects';
export { parseArgs, USAGE } from './cli';
