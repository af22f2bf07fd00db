export { parseStructure, summarizeLog, DEFAULT_MAX_HEAVY_ATOMS, DEFAULT_MAX_INPUT_LENGTH } from './parse';
export type { ParseOptions, ParseResult } from './parse';
export { standardizeToParent } from './standardize';
export type { StandardizedParent, StandardizeOptions } from './standardize';
export { largestFragment } from './largest-fragment';
export type { LargestFragmentOptions } from './largest-fragment';
export { unchargeEdits } from './uncharge';
export type { ChargeEdit, UnchargeOptions } from './uncharge';
