export { httpReader, type HttpReaderOptions } from './http';
export { report, table } from './report';
export { main, parseArgs, USAGE } from './cli';
