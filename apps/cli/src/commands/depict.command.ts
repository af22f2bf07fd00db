import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { depictStructure } from '@hitscreen/chem';
import { UsageError } from '../usage-error';
import { parsePositiveInt } from './shared-options';

interface DepictOptions {
  output: string;
  highlight?: string;
  width: string;
  height: string;
}

function parseHighlight(value: string | undefined): number[] {
  if (!value) return [];
  return value.split(',').map((part) => {
    const index = Number(part.trim());
    if (!Number.isInteger(index) || index < 0)
      throw new UsageError(`--highlight takes 0-based atom indices, got "${part}"`);
    return index;
  });
}

export function registerDepictCommand(program: Command): void {
  program
    .command('depict')
    .description('draw a molecule as SVG, optionally with highlighted atoms')
    .argument('<smiles>', 'structure as SMILES')
    .requiredOption('-o, --output <file>', 'SVG file to write')
    .option('--highlight <atoms>', 'comma-separated 0-based atom indices, e.g. 1,2,3')
    .option('--width <px>', 'width in pixels', '400')
    .option('--height <px>', 'height in pixels', '300')
    .action(async (smiles: string, options: DepictOptions) => {
      const result = await depictStructure(smiles, {
        highlightAtoms: parseHighlight(options.highlight),
        width: parsePositiveInt('--width', options.width),
        height: parsePositiveInt('--height', options.height),
      });
      if ('error' in result) throw new UsageError(`cannot depict "${smiles}": ${result.error}`);
      await writeFile(options.output, result.svg);
    });
}
