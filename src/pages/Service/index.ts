export { default } from './Service';
