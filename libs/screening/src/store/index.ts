export {
  FINAL_STATUSES,
  isFinal,
  progressOf,
  ScreenStore,
  toSummary,
  type ChunkOutcome,
  type ScreenModel,
} from './screen.store';
export { ResultStore } from './result.store';
export { compileResultsQuery, keyExpression, MAX_PAGE_SIZE } from './results-query';
