import { ScreenDrift1764830000000 } from './1764830000000-screen-drift';

/** The drift tables' migrations (after the screening schema: rows reference `screen`). */
export const DRIFT_MIGRATIONS = [ScreenDrift1764830000000];
