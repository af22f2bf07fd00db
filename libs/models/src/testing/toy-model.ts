import { join } from 'node:path';

/** The committed toy model (test-fixtures/make-fixture.sh): real ONNX graphs with the contract's signature. */
export const TOY_MODEL_DIR = join(__dirname, '../../test-fixtures/toy-model');
export const TOY_FIXTURES_DIR = join(__dirname, '../../test-fixtures');
