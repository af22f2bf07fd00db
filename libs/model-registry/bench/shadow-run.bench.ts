// Times one shadow run on a screen kept by `cli screen --db`: wall and CPU seconds, peak RSS, the report.
// Usage (README "Model operations"):
//   npx esbuild libs/model-registry/bench/shadow-run.bench.ts --bundle --platform=node --target=node20 \
//     --packages=external --outfile=dist/bench/shadow-run.js
//   node dist/bench/shadow-run.js <sqlite:db> <screen id> <candidate dir>
// The candidate's name must be a model the screen used; its production version is registered from models/<name>
// first when the registry has none.
import { join } from 'node:path';
import { modelsDir, readModelCard } from '@hitscreen/models';
import { ModelRegistry } from '../src/model-registry.service';
import { runShadow } from '../src/shadow/shadow-run';

async function main(): Promise<void> {
  const [databaseUrl, screenId, candidateDir] = process.argv.slice(2);
  if (!candidateDir) throw new Error('usage: shadow-run.js <database url> <screen id> <candidate dir>');
  const registry = await ModelRegistry.open({ databaseUrl });
  try {
    const card = readModelCard(candidateDir);
    if (!(await registry.production(card.name))) await registry.register(join(modelsDir(), card.name), 'cli');
    await registry.register(candidateDir, 'cli');
    await registry.setShadow(card.name, card.version, true, 'cli');
    const cpu = process.cpuUsage();
    const started = Date.now();
    const result = await runShadow(registry, screenId);
    const used = process.cpuUsage(cpu);
    const report = {
      seconds: (Date.now() - started) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      ...result,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await registry.close();
  }
}

main().catch((error: unknown) => {
  console.error(`shadow-run bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
