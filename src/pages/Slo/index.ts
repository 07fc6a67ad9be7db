export { default } from './Slo';
