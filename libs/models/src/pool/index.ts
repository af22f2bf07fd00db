export { ScoringPool, type ScoredRecord, type ScoringPoolOptions } from './scoring-pool';
export { scoreBatch, type RecordScores, type ScoreBatchResult, type ScoreBatchTask } from './score-batch';
export { runWithinBudget, ThreadTaskOverBudget, type ThreadTaskBudget } from './run-within-budget';
