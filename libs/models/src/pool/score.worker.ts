// Worker-thread entry of ScoringPool: each thread owns one RDKit instance and one ONNX session per model member.
export { scoreBatch } from './score-batch';
