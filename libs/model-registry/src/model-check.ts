// Whether a directory is a model this build can serve, checked before it is registered: the card's contract,
// the featurizer version, the files the card names, and the ONNX members against the PyTorch outputs stored at
// export (parity.json), so weights that are not the ones the card describes are refused.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkFeaturizerVersion,
  checkParity,
  loadModel,
  readModelCard,
  readParity,
  type ModelCard,
} from '@hitscreen/models';

/** The limits of models/training (parity.spec.ts): members within 1e-4 of PyTorch, inputs rebuilt to 1e-6. */
export const PARITY_TOLERANCE = { onnx: 1e-4, inputs: 1e-6, endToEnd: 1e-4 } as const;

/** Why a directory cannot be registered; the message names the directory and every problem found. */
export class ModelCheckError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    super(`${dir} is not a servable model: ${problems.join('; ')}`);
    this.name = 'ModelCheckError';
  }
}

/** Bytes per packed training fingerprint (Morgan, 2048 bits): models/FORMAT.md. */
const FINGERPRINT_BYTES = 256;

/** Checks `dir` and returns its card; throws ModelCheckError with every problem otherwise. */
export async function checkModelDir(dir: string): Promise<ModelCard> {
  let card: ModelCard;
  try {
    card = readModelCard(dir);
    checkFeaturizerVersion(card);
  } catch (error) {
    throw new ModelCheckError(dir, [(error as Error).message]);
  }
  const problems: string[] = [];
  for (const member of card.ensemble.members)
    if (!existsSync(join(dir, member))) problems.push(`member ${member} listed in card.json is missing`);
  const fingerprints = join(dir, card.domain.fingerprints);
  if (!existsSync(fingerprints))
    problems.push(`training fingerprints ${card.domain.fingerprints} are missing`);
  else if (
    card.domain.count !== undefined &&
    statSync(fingerprints).size !== card.domain.count * FINGERPRINT_BYTES
  )
    problems.push(
      `${card.domain.fingerprints} holds ${statSync(fingerprints).size} bytes, the card's ${card.domain.count} ` +
        `fingerprints need ${card.domain.count * FINGERPRINT_BYTES}`,
    );
  const parityFile = card.onnx.parity || 'parity.json';
  if (!existsSync(join(dir, parityFile))) problems.push(`parity file ${parityFile} is missing`);
  if (problems.length > 0) throw new ModelCheckError(dir, problems);

  try {
    const model = await loadModel(dir);
    const parity = readParity(model);
    if (parity.outputs.length !== model.members.length)
      problems.push(
        `${parityFile} has outputs of ${parity.outputs.length} members, the card lists ${model.members.length}`,
      );
    else {
      const report = await checkParity(model, parity);
      if (!(report.onnxMaxAbsDiff < PARITY_TOLERANCE.onnx))
        problems.push(
          `the ONNX members differ from the PyTorch outputs stored at export by ${report.onnxMaxAbsDiff} ` +
            `(limit ${PARITY_TOLERANCE.onnx}): the weights are not the ones ${parityFile} was written for`,
        );
      if (report.inputs.firstProblem || report.inputs.floatMaxAbsDiff > PARITY_TOLERANCE.inputs)
        problems.push(
          `this build featurizes the parity molecules differently: ${report.inputs.firstProblem}`,
        );
      else if (!(report.endToEndMaxAbsDiff < PARITY_TOLERANCE.endToEnd))
        problems.push(
          `the serving path differs from the stored ensemble mean by ${report.endToEndMaxAbsDiff}`,
        );
    }
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new ModelCheckError(dir, problems);
  return card;
}
