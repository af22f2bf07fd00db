export { followProgress, progressChannel, publishProgress } from './progress-events';
