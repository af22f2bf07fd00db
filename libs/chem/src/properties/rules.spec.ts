import { lipinskiViolations, veberPass } from './rules';

describe('lipinskiViolations', () => {
  const ok = { molWt: 300, clogp: 2, lipinskiHbd: 1, lipinskiHba: 4 };
  it('counts each rule once, strictly above the limit', () => {
    expect(lipinskiViolations(ok)).toBe(0);
    expect(lipinskiViolations({ molWt: 500, clogp: 5, lipinskiHbd: 5, lipinskiHba: 10 })).toBe(0);
    expect(lipinskiViolations({ ...ok, molWt: 500.1 })).toBe(1);
    expect(lipinskiViolations({ molWt: 501, clogp: 5.1, lipinskiHbd: 6, lipinskiHba: 11 })).toBe(4);
  });
});

describe('veberPass', () => {
  it('needs at most 10 rotatable bonds and TPSA at most 140', () => {
    expect(veberPass({ rotBonds: 10, tpsa: 140 })).toBe(true);
    expect(veberPass({ rotBonds: 11, tpsa: 20 })).toBe(false);
    expect(veberPass({ rotBonds: 2, tpsa: 140.01 })).toBe(false);
  });
});
