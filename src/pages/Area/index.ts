export { default } from './Area';
