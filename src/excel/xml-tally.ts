// Counts what exceljs would build from a part's XML — rows, cells, shared strings, the length
// of each text — by walking its bytes, without building any of it. The walk knows only enough
// XML to find tags and text: comments and processing instructions are skipped, CDATA is text,
// and a DTD, which no .xlsx has and which could declare entities that expand, is refused.
import { ExcelFormatError, ExcelLimitError } from './errors.ts';
import { MAX_MARKUP_BYTES, type UnpackLimits } from './unpack-limits.ts';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const AMPERSAND = 0x26;
const SEMICOLON = 0x3b;
const COLON = 0x3a;
const NAME_ENDS = new Set([0x20, 0x09, 0x0a, 0x0d, SLASH, GT]);

const COMMENT = Buffer.from('<!--');
const CDATA = Buffer.from('<![CDATA[');

const unreadable = (why: string) => new ExcelFormatError(undefined, { cause: new Error(why) });

/** Characters of XML text: UTF-8 sequences and entities (`&amp;`, `&#x1EA1;`) count as one. */
function characters(text: Buffer): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) if ((text[index]! & 0xc0) !== 0x80) count++;
  for (let amp = text.indexOf(AMPERSAND); amp >= 0; amp = text.indexOf(AMPERSAND, amp + 1)) {
    // The longest entity, `&#x10FFFF;`, is 10 bytes; look no further, or a run of bare `&`
    // would be searched to its end once for each.
    const semicolon = text.subarray(amp, amp + 10).indexOf(SEMICOLON);
    if (semicolon > 0) count -= semicolon;
  }
  return count;
}

type CountedName = 'row' | 'c' | 'si' | 'is';

/** The local name of a tag if it is one the tally counts, read without making a string of every name. */
function countedName(xml: Buffer, start: number, end: number): CountedName | undefined {
  const [first, second, third] = [xml[start], xml[start + 1], xml[start + 2]];
  switch (end - start) {
    case 1:
      return first === 0x63 ? 'c' : undefined;
    case 2:
      if (first === 0x73 && second === 0x69) return 'si';
      return first === 0x69 && second === 0x73 ? 'is' : undefined;
    case 3:
      return first === 0x72 && second === 0x6f && third === 0x77 ? 'row' : undefined;
    default:
      return undefined;
  }
}

export class XmlTally {
  private rows = 0;
  private cells = 0;
  private sharedStrings = 0;
  /** Characters so far of the shared string or inline string being read; -1 outside one. */
  private stringChars = -1;

  private readonly limits: UnpackLimits;

  constructor(limits: UnpackLimits) {
    this.limits = limits;
  }

  scan(xml: Buffer): void {
    this.stringChars = -1;
    let position = 0;
    while (position < xml.length) {
      const open = xml.indexOf(LT, position);
      const textEnd = open < 0 ? xml.length : open;
      if (textEnd > position) this.text(xml.subarray(position, textEnd));
      if (open < 0) return;
      position = this.markup(xml, open);
    }
  }

  /** Reads the markup starting at `open`; returns where the text after it starts. */
  private markup(xml: Buffer, open: number): number {
    const next = xml[open + 1];
    if (next === 0x3f) return this.skipTo(xml, open, '?>'); // <?xml …?>
    if (next === 0x21) {
      if (xml.subarray(open, open + COMMENT.length).equals(COMMENT)) return this.skipTo(xml, open, '-->');
      if (!xml.subarray(open, open + CDATA.length).equals(CDATA)) throw unreadable('DTD in a part');
      const close = xml.indexOf(']]>', open);
      if (close < 0) throw unreadable('unterminated CDATA');
      this.text(xml.subarray(open + CDATA.length, close));
      return close + 3;
    }
    const close = this.tagEnd(xml, open);
    const closing = next === SLASH;
    let nameEnd = open + (closing ? 2 : 1);
    let localStart = nameEnd;
    for (; nameEnd < close && !NAME_ENDS.has(xml[nameEnd]!); nameEnd++)
      if (xml[nameEnd] === COLON) localStart = nameEnd + 1;
    const name = countedName(xml, localStart, nameEnd);
    if (name && closing) this.closed(name);
    else if (name) this.opened(name, xml[close - 1] === SLASH);
    return close + 1;
  }

  /**
   * The `>` ending the tag at `open`. A `>` inside an attribute value would end it early and
   * leave the rest to be read as text; `<` cannot appear there, so no tag is ever missed.
   */
  private tagEnd(xml: Buffer, open: number): number {
    const close = xml.indexOf(GT, open + 1);
    if (close < 0) throw unreadable('unterminated tag');
    if (close - open > MAX_MARKUP_BYTES) throw new ExcelLimitError('markup', MAX_MARKUP_BYTES);
    return close;
  }

  private skipTo(xml: Buffer, open: number, terminator: string): number {
    const close = xml.indexOf(terminator, open);
    if (close < 0) throw unreadable(`no ${terminator}`);
    if (close - open > MAX_MARKUP_BYTES) throw new ExcelLimitError('markup', MAX_MARKUP_BYTES);
    return close + terminator.length;
  }

  private opened(name: CountedName, selfClosing: boolean): void {
    if (name === 'row') this.count('rows', 'maxSheetRows', 'sheetRows');
    else if (name === 'c') this.count('cells', 'maxCells', 'cells');
    else if (name === 'si') this.count('sharedStrings', 'maxSharedStrings', 'sharedStrings');
    // A shared string (si) or an inline one (is) may be split into runs of rich text; a cell's
    // text is all of them together.
    if ((name === 'si' || name === 'is') && !selfClosing) this.stringChars = 0;
  }

  private closed(name: CountedName): void {
    if (name === 'si' || name === 'is') this.stringChars = -1;
  }

  private count(
    counter: 'rows' | 'cells' | 'sharedStrings',
    limit: 'maxSheetRows' | 'maxCells' | 'maxSharedStrings',
    error: 'sheetRows' | 'cells' | 'sharedStrings',
  ): void {
    if (++this[counter] > this.limits[limit]) throw new ExcelLimitError(error, this.limits[limit]);
  }

  private text(text: Buffer): void {
    const maximum = this.limits.maxCellChars;
    // Bytes are never fewer than characters: a short run outside a string needs no counting.
    if (this.stringChars < 0 && text.length <= maximum) return;
    const length = characters(text);
    if (this.stringChars >= 0) this.stringChars += length;
    if (length > maximum || this.stringChars > maximum) throw new ExcelLimitError('text', maximum);
  }
}
