import { ALERT_CATALOGS, readFilterDefinitions } from './filter-definitions';
import { mergeQueryHs } from './merge-query-hs';

describe('mergeQueryHs (RDKit MolOps::mergeQueryHs as a SMARTS rewrite)', () => {
  it.each([
    ['two Hs in branches', '[#6](-[#1])(-[#1])-[#7]', '[#6;!H0;!H1]-[#7]'],
    ['H at a chain end', 'c-[#1]', '[c;!H0]'],
    ['H first in the chain attaches to the next atom', '[#1]-[#6]=[#8]', '[#6;!H0]=[#8]'],
    ['catechol_A', 'c:1:c:c(:c(:c:c:1)-[#8]-[#1])-[#8]-[#1]', 'c:1:c:c(:c(:c:c:1)-[#8;!H0])-[#8;!H0]'],
    ['H after a branch', '[#7](-[#6])-[#1]', '[#7;!H0](-[#6])'],
    ['ring-closure atom keeps its digits', 'c:1(-[#1]):c:c:c:c:c:1', '[c;!H0]:1:c:c:c:c:c:1'],
    ['inside recursive SMARTS', '[c;!H0,$(c-[#6](-[#1])-[#1])]', '[c;!H0,$(c-[#6;!H0;!H1])]'],
    ['AND at lowest precedence after an OR', '[#6,#7](-[#1])', '[#6,#7;!H0]'],
    ['two-letter organic atom', 'Cl-[#1]', '[Cl;!H0]'],
    ['a bridging H (degree 2) stays', '[#6]-[#1]-[#6]', '[#6]-[#1]-[#6]'],
    [
      'no H: unchanged',
      '[#6]-1(=[#6])-[#6](-[#7]=[#6]-[#16]-1)=[#8]',
      '[#6]-1(=[#6])-[#6](-[#7]=[#6]-[#16]-1)=[#8]',
    ],
  ])('%s', (_, input, expected) => {
    expect(mergeQueryHs(input)).toBe(expected);
  });

  it('leaves no query hydrogen in any PAINS/Brenk pattern', () => {
    const definitions = ALERT_CATALOGS.flatMap(readFilterDefinitions);
    expect(definitions).toHaveLength(585);
    const withH = definitions.filter((d) => d.smarts.includes('[#1]'));
    console.log(`patterns with [#1]: ${withH.length} of ${definitions.length}`);
    for (const d of definitions) expect(mergeQueryHs(d.smarts)).not.toMatch(/\[#1\]|\[H\]/);
  });
});
