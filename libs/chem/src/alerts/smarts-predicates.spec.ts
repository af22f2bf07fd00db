import {
  MAYBE,
  NO,
  YES,
  compileAtomExpression,
  compileBondExpression,
  type AtomFeatures,
} from './smarts-predicates';

const atom = (over: Partial<AtomFeatures>): AtomFeatures => ({
  z: 6,
  aromatic: false,
  charge: 0,
  totalHs: 0,
  degree: 1,
  totalDegree: 1,
  inRing: false,
  isotope: 0,
  ...over,
});

describe('SMARTS expression prefilter predicates', () => {
  const phenolO = atom({ z: 8, totalHs: 1, degree: 1, totalDegree: 2 });
  const aromaticN = atom({ z: 7, aromatic: true, inRing: true, degree: 2, totalDegree: 2 });
  it.each([
    ['#8;!H0', phenolO, YES],
    ['#8;H0', phenolO, NO],
    ['O,N', aromaticN, NO],
    ['n,N', aromaticN, YES],
    ['!#6&!#1', aromaticN, YES],
    ['N&+', atom({ z: 7, charge: 1 }), YES],
    ['N&+', atom({ z: 7 }), NO],
    ['SX2H0', atom({ z: 16, degree: 2, totalDegree: 2 }), YES],
    ['CH2R2', atom({ totalHs: 2, inRing: false }), NO],
    ['CH2R2', atom({ totalHs: 2, inRing: true }), MAYBE],
    ['C&!R', atom({ inRing: true }), NO],
    ['N&15*', atom({ z: 7, isotope: 15 }), YES],
    ['Cl,Br,I', atom({ z: 35 }), YES],
    ['$([CH2]),$(C([CX4])[CX4])', atom({ z: 8 }), NO],
    ['$([CH2]),$(C([CX4])[CX4])', atom({}), MAYBE],
    ['O&v2', phenolO, MAYBE],
    ['#80,#26,#33,se,B', atom({ z: 34, aromatic: true }), YES],
  ])('[%s]', (expr, features, expected) => {
    expect(compileAtomExpression(expr)(features)).toBe(expected);
  });

  it('reads bond expressions; an implicit bond is single or aromatic', () => {
    const aromatic = { order: 1, aromatic: true, inRing: true };
    const double = { order: 2, aromatic: false, inRing: false };
    expect(compileBondExpression('')(aromatic)).toBe(YES);
    expect(compileBondExpression('')(double)).toBe(NO);
    expect(compileBondExpression('-')(aromatic)).toBe(NO);
    expect(compileBondExpression('=,:')(double)).toBe(YES);
    expect(compileBondExpression('-&!@')(aromatic)).toBe(NO);
    expect(compileBondExpression('~')(double)).toBe(YES);
  });
});
