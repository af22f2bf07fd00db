export { followProgress, progressChannel, progressStream, publishProgress } from './progress-events';
