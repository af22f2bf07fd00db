export { DRIFT_MIGRATIONS } from './migrations';
export { DriftStore, type DailyDrift, type ScreenDriftRecord } from './drift.store';
export { openDriftStore } from './open-drift-store';
