import { ApiError } from '../../common/api-error';
import { optionsFromFields, parseJsonSubmission, parseScreenOptions } from './screen-options';

const MODELS = ['bace', 'esol', 'tox21'];

const status = (fn: () => unknown): [number, string] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return [(error as ApiError).status, (error as Error).message];
  }
  throw new Error('expected an ApiError');
};

describe('parseScreenOptions', () => {
  it('keeps valid options and drops duplicate models', () => {
    expect(
      parseScreenOptions(
        {
          name: 'set 1',
          models: ['esol', 'esol', 'bace'],
          weights: { qed: 1, tox_max: 0 },
          webhookUrl: 'https://x.org/h',
        },
        MODELS,
      ),
    ).toEqual({
      name: 'set 1',
      models: ['esol', 'bace'],
      weights: { qed: 1, tox_max: 0 },
      webhookUrl: 'https://x.org/h',
    });
    expect(parseScreenOptions(undefined, MODELS)).toEqual({});
  });

  it('accepts an empty model list (a properties-only screen); refuses a list of anything but names', () => {
    expect(parseScreenOptions({ models: [] }, MODELS)).toEqual({ models: [] });
    expect(optionsFromFields({ models: '' }, MODELS)).toEqual({ models: [] });
    expect(status(() => parseScreenOptions({ models: 'esol' }, MODELS))).toEqual([
      400,
      'options.models must be an array of model names ([] for properties only)',
    ]);
    expect(status(() => parseScreenOptions({ models: [1] }, MODELS))[0]).toBe(400);
  });

  it('answers an unknown model with 422 and the available ones; malformed options with 400', () => {
    expect(status(() => parseScreenOptions({ models: ['nope'] }, MODELS))).toEqual([
      422,
      'unknown model "nope"; available: bace, esol, tox21',
    ]);
    expect(status(() => parseScreenOptions({ colour: 'red' }, MODELS))[0]).toBe(400);
    expect(status(() => parseScreenOptions({ weights: { qed: -1 } }, MODELS))).toEqual([
      400,
      'options.weights.qed must be a non-negative number',
    ]);
    expect(status(() => parseScreenOptions({ webhookUrl: 'ftp://x' }, MODELS))[0]).toBe(400);
  });
});

describe('optionsFromFields', () => {
  it('reads an options JSON field or separate fields', () => {
    expect(optionsFromFields({ options: '{"models":["esol"]}' }, MODELS)).toEqual({ models: ['esol'] });
    expect(optionsFromFields({ name: 'n', models: 'esol, bace', weights: '{"qed":2}' }, MODELS)).toEqual({
      name: 'n',
      models: ['esol', 'bace'],
      weights: { qed: 2 },
    });
    expect(status(() => optionsFromFields({ options: '{' }, MODELS))).toEqual([
      400,
      'the "options" field must be JSON',
    ]);
  });
});

describe('parseJsonSubmission', () => {
  it('numbers the molecules from 1 and defaults their ids to that number', () => {
    const { records } = parseJsonSubmission(
      { molecules: [{ smiles: 'CCO' }, { id: 7, smiles: 'C1CC(' }] },
      MODELS,
    );
    expect(records).toEqual([
      { record: 1, id: '1', structure: 'CCO', fields: {} },
      { record: 2, id: '7', structure: 'C1CC(', fields: {} },
    ]);
  });

  it('answers a malformed body with 400 naming the field', () => {
    expect(status(() => parseJsonSubmission([], MODELS))[0]).toBe(400);
    expect(status(() => parseJsonSubmission({ molecules: [] }, MODELS))[1]).toMatch(/non-empty array/);
    expect(status(() => parseJsonSubmission({ molecules: [{ smiles: 1 }] }, MODELS))[1]).toBe(
      'molecules[0].smiles must be a string',
    );
    expect(status(() => parseJsonSubmission({ molecules: [{ smiles: 'C' }], extra: 1 }, MODELS))[1]).toBe(
      'unknown field "extra"',
    );
  });
});
