import type { TrialServiceConfig } from '../service/trial-config';
import type { TrialStore } from '../service/trial-store';
import type { StagingCipher } from '../persistence';
import type { Pseudonymizer } from '../pseudonym';

/** What the processors of one trial worker process share. */
export interface TrialWorkerContext {
  store: TrialStore;
  cipher: StagingCipher;
  pseudonymizer: Pseudonymizer;
  limits: TrialServiceConfig['limits'];
  log: (message: string) => void;
}
