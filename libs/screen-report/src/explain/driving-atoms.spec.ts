import { selectDrivingAtoms } from './driving-atoms';

describe('selectDrivingAtoms', () => {
  it('keeps the atoms within the fraction of the largest positive attribution, by index', () => {
    expect(selectDrivingAtoms([0.1, 0.9, -2, 0.5, 0.44])).toEqual([1, 3]);
  });

  it('caps the number of atoms at max, keeping the largest', () => {
    expect(selectDrivingAtoms([1, 0.9, 0.8, 0.95], { max: 2 })).toEqual([0, 3]);
  });

  it('selects nothing when no atom raises the prediction', () => {
    expect(selectDrivingAtoms([-0.1, 0, -3])).toEqual([]);
    expect(selectDrivingAtoms([])).toEqual([]);
  });
});
