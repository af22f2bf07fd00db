// Test helpers of the screening back end (`@hitscreen/screening/testing`), for this lib's integration specs, the
// worker's and the API's end-to-end tests: a database and queue prefix of the test's own on the real servers, and
// their clean-up. Never imported by production code (the bundles do not include it).
export {
  deleteRedisKeys,
  dropRedisClients,
  eventsUntilFinal,
  redisClients,
  testBackend,
  TEST_POSTGRES_URL,
  TEST_REDIS_URL,
  unfinishedJobs,
  until,
  type TestBackend,
} from './integration';
export { asStream, testLibrary } from './library';
export { startPrivateRedis, type PrivateRedis } from './private-redis';
export {
  buildBundles,
  startWorkerProcess,
  stopWorkerProcess,
  type WorkerProcess,
  type WorkerProcessOptions,
} from './worker-process';
export { nanotorusSmiles, SLOW_NANOTORUS } from './slow-structures';
