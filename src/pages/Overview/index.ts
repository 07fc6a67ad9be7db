export { default } from './Overview';
