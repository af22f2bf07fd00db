// Public API of the worker-process skeleton: what every queue worker's entry point shares.
export {
  runWorkerProcess,
  withoutCredentials,
  type RunningWorker,
  type WorkerConnections,
  type WorkerProcessSpec,
} from './run-worker-process';
