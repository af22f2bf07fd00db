// Jest runs each test file in a vm context with its own Float32Array, BigInt64Array, … while onnxruntime-node's
// native binding creates output tensors with the main realm's constructors; onnxruntime-common then fails its
// `data instanceof Float32Array` check ("A float32 tensor's data must be type of function Float32Array()").
// Sharing the main realm's typed-array constructors with the test context removes the mismatch. Only tests
// need this: outside Jest there is a single realm.
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;
