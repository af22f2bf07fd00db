import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelCardError, parseModelCard, readModelCard } from './model-card';
import { TOY_MODEL_DIR } from './testing/toy-model';

const toyCard = () =>
  JSON.parse(readFileSync(join(TOY_MODEL_DIR, 'card.json'), 'utf8')) as Record<string, unknown>;
const parseError = (card: unknown) => {
  try {
    parseModelCard(card, 'models/x/card.json');
  } catch (error) {
    return error as ModelCardError;
  }
  throw new Error('card was accepted');
};

describe('model card', () => {
  it('reads and validates the toy card', () => {
    const card = readModelCard(TOY_MODEL_DIR);
    expect(card.name).toBe('toy-model');
    expect(card.tasks.map((t) => t.type)).toEqual(['classification', 'classification', 'regression']);
    expect(card.ensemble.members).toEqual(['member-0.onnx', 'member-1.onnx']);
    expect(card.domain).toMatchObject({ fingerprints: 'train-morgan.u8', threshold: 0.35 });
  });

  it('names the file and the field of a contract violation', () => {
    const noThreshold = toyCard();
    delete (noThreshold.tasks as Record<string, unknown>[])[1].threshold;
    const error = parseError(noThreshold);
    expect(error).toBeInstanceOf(ModelCardError);
    expect(error.message).toBe('models/x/card.json: tasks[1].threshold must be a finite number');

    const badType = toyCard();
    (badType.tasks as Record<string, unknown>[])[0].type = 'ranking';
    expect(parseError(badType).message).toMatch(/tasks\[0\]\.type must be "classification" or "regression"/);

    const sizeMismatch = toyCard();
    (sizeMismatch.ensemble as Record<string, unknown>).size = 5;
    expect(parseError(sizeMismatch).message).toBe(
      'models/x/card.json: ensemble.size is 5 but ensemble.members lists 2 files',
    );

    const escaping = toyCard();
    (escaping.ensemble as Record<string, unknown>).members = ['../other/member-0.onnx', 'member-1.onnx'];
    expect(parseError(escaping).message).toMatch(/ensemble.members\[0\] must be a plain .onnx file name/);

    expect(parseError({ ...toyCard(), featurizerVersion: 3 }).message).toMatch(/featurizerVersion must be/);
    expect(parseError({ ...toyCard(), metrics: { test: {} } }).message).toMatch(
      /metrics.headline must be an object/,
    );
  });

  it('defaults the domain section when a card has none', () => {
    const card = toyCard();
    delete card.domain;
    expect(parseModelCard(card, 'c.json').domain).toEqual({ fingerprints: 'train-morgan.u8' });
  });

  it('reports invalid JSON with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'card-'));
    writeFileSync(join(dir, 'card.json'), '{ "name": ');
    expect(() => readModelCard(dir)).toThrow(`${join(dir, 'card.json')}: card is not valid JSON`);
  });
});
