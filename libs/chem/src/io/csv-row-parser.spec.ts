import { CsvRowParser } from './csv-row-parser';

function parse(lines: string[], delimiter = ','): (string[] | undefined)[] {
  const parser = new CsvRowParser(delimiter);
  return lines.map((line) => parser.feed(line));
}

describe('CsvRowParser', () => {
  it('splits plain rows and keeps empty cells', () => {
    expect(parse(['a,b,c', ',,', 'x'])).toEqual([['a', 'b', 'c'], ['', '', ''], ['x']]);
  });

  it('handles quoted delimiters, doubled quotes and empty quoted fields', () => {
    expect(parse(['"a,b","say ""hi""","",c'])).toEqual([['a,b', 'say "hi"', '', 'c']]);
  });

  it('joins a quoted field across lines with \\n, blank lines included', () => {
    expect(parse(['1,"first', '', 'third",2'])).toEqual([undefined, undefined, ['1', 'first\n\nthird', '2']]);
  });

  it('is lenient with a quote inside an unquoted field and text after a closing quote', () => {
    expect(parse(['5" disk,"ab"c'])).toEqual([['5" disk', 'abc']]);
  });

  it('uses the given delimiter (TSV)', () => {
    expect(parse(['a\t"b\tc"\td'], '\t')).toEqual([['a', 'b\tc', 'd']]);
  });
});
