// Model directories for the registry's tests, built in a temp dir from the committed models.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelsDir } from '@hitscreen/models';

export interface TempModels {
  root: string;
  /** A copy of models/<name> with the card's version set to `version`. */
  copy(name: string, version: string, as?: string): string;
  /**
   * An ESOL "candidate" that is really the lipophilicity ensemble (its members and parity file) under ESOL's card,
   * version `version`: a servable model that predicts logD, not solubility, so its ESOL RMSE is much worse.
   */
  wrongTarget(version: string): string;
  cleanup(): void;
}

export function tempModels(): TempModels {
  const root = mkdtempSync(join(tmpdir(), 'model-registry-'));
  const setVersion = (dir: string, version: string) => {
    const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'card.json'), JSON.stringify({ ...card, version }, null, 2));
  };
  return {
    root,
    copy(name, version, as = `${name}-${version}`) {
      const dir = join(root, as);
      cpSync(join(modelsDir(), name), dir, { recursive: true });
      setVersion(dir, version);
      return dir;
    },
    wrongTarget(version) {
      const dir = this.copy('esol', version, `esol-wrong-${version}`);
      const lipo = join(modelsDir(), 'lipophilicity');
      for (let k = 0; k < 5; k++) cpSync(join(lipo, `member-${k}.onnx`), join(dir, `member-${k}.onnx`));
      cpSync(join(lipo, 'parity.json'), join(dir, 'parity.json'));
      return dir;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
