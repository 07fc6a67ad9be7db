export { default } from './Services';
