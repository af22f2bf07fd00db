import { escapeXml, fmt, histogram, histogramSvg, scatterSvg } from './svg-charts';

describe('histogram', () => {
  it('puts values in equal bins, the maximum in the last one', () => {
    expect(histogram([0, 0.1, 0.5, 0.99, 1], 2, 0, 1)).toEqual([2, 3]);
  });
});

describe('charts', () => {
  it('draws one bar per bin and escapes the title', () => {
    const svg = histogramSvg([1, 2, 2, 3], { title: 'a<b', bins: 4 });
    expect(svg.match(/<rect /g)).toHaveLength(4);
    expect(svg).toContain('a&#60;b');
    expect(svg).not.toContain('a<b');
  });

  it('draws one dot per point and says so when there is nothing to draw', () => {
    const svg = scatterSvg(
      [
        { x: 1, y: 2 },
        { x: 3, y: 4, shade: 1 },
      ],
      { title: 't', xLabel: 'x', yLabel: 'y' },
    );
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(scatterSvg([], { title: 't', xLabel: 'x', yLabel: 'y' })).toContain('no values');
  });

  it('formats numbers compactly and escapes markup', () => {
    expect(fmt(0.123456)).toBe('0.123');
    expect(fmt(1234567)).toBe('1.23e+6');
    expect(escapeXml(`<&"'>`)).toBe('&#60;&#38;&#34;&#39;&#62;');
  });
});
