export * from './kit';
export * from './middleware';
