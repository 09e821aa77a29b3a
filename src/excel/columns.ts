export type CellKind = 'text' | 'date' | 'number' | 'personalId' | 'phone' | 'boolean';

export interface ColumnSpec {
  /** Field name in the row object, e.g. 'fullName' or 'father.name'. */
  key: string;
  /** Vietnamese header written on export, e.g. 'Họ và tên'. */
  header: string;
  /** Other header texts accepted on import, e.g. ['Họ tên', 'Tên học sinh']. */
  aliases?: string[];
  /** Default 'text'. */
  kind?: CellKind;
  /** The column must be present in an imported file. */
  required?: boolean;
  width?: number;
}

const EDGE_PUNCTUATION = /^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu;

/**
 * Headers are typed by hand: "Họ và tên *", "HỌ VÀ\nTÊN", "Ho va ten:" and a decomposed "Họ" must
 * all name the same column, so compare them without case, diacritics, line breaks or decoration.
 */
export function normaliseHeader(text: string): string {
  const folded = text
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
  // A header made only of symbols ("#", "STT.") must still be comparable, so keep it whole.
  return folded.replace(EDGE_PUNCTUATION, '') || folded;
}

export function acceptedHeaders(spec: ColumnSpec): Set<string> {
  return new Set([spec.header, ...(spec.aliases ?? [])].map(normaliseHeader).filter(Boolean));
}
