export { RecordPool, type PoolOptions } from './record-pool';
export { batches, mapOrdered } from './ordered-batches';
