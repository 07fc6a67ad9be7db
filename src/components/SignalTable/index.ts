export { SignalTable } from './SignalTable';
