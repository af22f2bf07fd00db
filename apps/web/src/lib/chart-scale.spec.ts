import { extent, histogram, linearScale, scoreColor, ticks } from './chart-scale';

describe('chart scales', () => {
  it('maps a domain onto pixels, inverted for y axes', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(150);
  });

  it('bins values with the upper edge in the last bin and drops what is outside', () => {
    expect(histogram([0, 0.05, 0.5, 0.99, 1, 1.5, Number.NaN], 4, 0, 1)).toEqual([2, 0, 1, 2]);
  });

  it('pads the extent and widens a single value', () => {
    expect(extent([2, 4], 0.5)).toEqual([1, 5]);
    expect(extent([3, 3])).toEqual([2.5, 3.5]);
    expect(extent([])).toEqual([0, 1]);
  });

  it('chooses round ticks', () => {
    expect(ticks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(ticks(143, 612, 5)).toEqual([200, 300, 400, 500, 600]);
  });

  it('colours scores on the viridis ramp, grey for none', () => {
    expect(scoreColor(0)).toBe('rgb(68, 1, 84)');
    expect(scoreColor(1)).toBe('rgb(253, 231, 37)');
    expect(scoreColor(null)).toBe('#9aa0a6');
  });
});
