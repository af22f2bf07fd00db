/**
 * RFC 4180 row parsing fed one physical line at a time, so a quoted field may span lines without the reader
 * ever holding more than the row being built. Lenient where RFC 4180 is silent or strict files are rare:
 * - a quote inside an unquoted field is literal (`5" disk`);
 * - text after a closing quote is appended (`"ab"c` → `abc`);
 * - a newline inside quotes becomes `\n` whatever the file used.
 */
export class CsvRowParser {
  private cells: string[] = [];
  private cell = '';
  private inQuotes = false;
  /** True while a row is under construction (after the first line of a multi-line row). */
  private open = false;
  /** Characters taken into the current row, line breaks inside quotes included. */
  length = 0;

  constructor(private readonly delimiter: string) {}

  /** True when a quoted field is still open: the next line continues the current row. */
  get continuing(): boolean {
    return this.open;
  }

  /** Feeds one line; returns the row's cells when the line completes it, otherwise undefined. */
  feed(line: string): string[] | undefined {
    const d = this.delimiter;
    if (this.open) {
      this.cell += '\n';
      this.length += 1;
    }
    this.length += line.length;
    // Fast path: a line with no quotes and no open quoted field is a plain split.
    if (!this.open && line.indexOf('"') < 0) {
      const cells = line.split(d);
      this.reset();
      return cells;
    }
    let i = 0;
    let fieldStart = !this.open;
    while (i <= line.length) {
      if (this.inQuotes) {
        const quote = line.indexOf('"', i);
        if (quote < 0) {
          this.cell += line.slice(i);
          this.open = true;
          return undefined;
        }
        this.cell += line.slice(i, quote);
        if (line.charCodeAt(quote + 1) === 34) {
          this.cell += '"';
          i = quote + 2;
        } else {
          this.inQuotes = false;
          i = quote + 1;
        }
        continue;
      }
      if (fieldStart && line.charCodeAt(i) === 34) {
        this.inQuotes = true;
        fieldStart = false;
        i++;
        continue;
      }
      fieldStart = false;
      const next = line.indexOf(d, i);
      if (next < 0) {
        this.cell += line.slice(i);
        this.cells.push(this.cell);
        const cells = this.cells;
        this.reset();
        return cells;
      }
      this.cell += line.slice(i, next);
      this.cells.push(this.cell);
      this.cell = '';
      fieldStart = true;
      i = next + d.length;
    }
    // Reached only when the line ends right after a delimiter, which the indexOf branch above handles; kept
    // for safety: close the row with what was read.
    this.cells.push(this.cell);
    const cells = this.cells;
    this.reset();
    return cells;
  }

  /** Drops a row under construction (over-long or unterminated) so the next line starts a fresh row. */
  reset(): void {
    this.cells = [];
    this.cell = '';
    this.inQuotes = false;
    this.open = false;
    this.length = 0;
  }
}
