// What checking a registered version's files costs a worker thread on first use: per committed model, the time to
// read and hash every registered file, and to load the model from those checked bytes, against loading the same
// directory unchecked; medians of ROUNDS rounds (the first round also pays ONNX Runtime's start-up). Usage (README "Model operations", Serving):
//   npx esbuild libs/model-registry/bench/verified-load.bench.ts --bundle --platform=node --target=node20 \
//     --packages=external --outfile=dist/bench/verified-load.js && node dist/bench/verified-load.js
import {
  acquireModelVersion,
  listModels,
  loadModel,
  readRegisteredFiles,
  releaseModels,
} from '@hitscreen/models';
import { hashModelFiles } from '../src/model-files';

const ms = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e6;
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (const { name, dir, card } of listModels()) {
    if (!card) continue;
    const files = await hashModelFiles(dir); // what registering records
    const source = { name, version: card.version, dir, files };
    const hash: number[] = [];
    const hashCpu: number[] = [];
    const checked: number[] = [];
    const unchecked: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      readRegisteredFiles(source, files);
      hash.push(ms(t));
      const used = process.cpuUsage(cpu);
      hashCpu.push((used.user + used.system) / 1000);
      t = process.hrtime.bigint();
      const lease = await acquireModelVersion(source, { intraOpNumThreads: 1 });
      checked.push(ms(t));
      lease.release();
      await releaseModels();
      t = process.hrtime.bigint();
      await loadModel(dir, { intraOpNumThreads: 1 });
      unchecked.push(ms(t));
      await releaseModels();
    }
    rows.push({
      model: name,
      files: files.length,
      MB: +(files.reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(1),
      hashMs: Math.round(median(hash)),
      hashCpuMs: Math.round(median(hashCpu)),
      checkedLoadMs: Math.round(median(checked)),
      uncheckedLoadMs: Math.round(median(unchecked)),
    });
  }
  console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
