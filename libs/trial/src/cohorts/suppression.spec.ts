import { suppressCount, suppressFunnel, suppressGroup } from './suppression';

describe('small-cell suppression', () => {
  it('hides 1 to 10, shows 0 and 11', () => {
    expect([0, 1, 10, 11, 500].map(suppressCount)).toEqual([0, '<11', '<11', 11, 500]);
  });
  it('hides a second cell when one small cell could be recovered from the total', () => {
    expect(suppressGroup([120, 4, 35, 0])).toEqual([120, '<11', 'hidden', 0]);
    expect(suppressGroup([120, 4, 35], [0])).toEqual(['hidden', '<11', 35]);
    expect(suppressGroup([120, 4, 3])).toEqual([120, '<11', '<11']);
    expect(suppressGroup([4, 0])).toEqual(['<11', 0]);
  });
  it('hides funnel steps that are small or that drop by 1 to 10 from the last shown step', () => {
    expect(suppressFunnel(500, [480, 475, 400, 395, 20, 5, 0])).toEqual([
      480,
      '<11',
      400,
      '<11',
      20,
      '<11',
      0,
    ]);
  });
});
