export { DRIFT_MIGRATIONS } from './migrations';
export { DriftStore, type DailyDrift, type ScreenDriftRecord } from './drift.store';
export { ensureDriftTables, openDriftStore } from './open-drift-store';
