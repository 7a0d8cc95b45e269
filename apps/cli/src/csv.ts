/**
 * CSV as RFC 4180 has it: records end in CRLF, fields are separated by commas, and a field that
 * holds a comma, a double quote, a CR or a LF is enclosed in double quotes with each double quote
 * doubled. No CSV library is installed in the project, so this small writer is ours.
 *
 * Values: null and undefined → an empty field; numbers and booleans as JavaScript prints them;
 * objects and arrays as JSON; strings exactly as they are (no spreadsheet-formula escaping:
 * an audit export must not change the data — open untrusted files as text).
 */
export const csvField = (value: unknown): string => {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const csvRecord = (fields: readonly unknown[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** A header record and one record per row; columns in the order given. */
export const toCsv = (columns: readonly string[], rows: readonly Record<string, unknown>[]): string =>
  csvRecord(columns) + rows.map((row) => csvRecord(columns.map((c) => row[c]))).join('');

/**
 * Nested objects flattened to dotted columns (`latest.npv`); arrays of scalars joined with ';',
 * other arrays kept as JSON in one field.
 */
export const flatten = (value: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> => {
  for (const [key, v] of Object.entries(value)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, column, out);
    else if (Array.isArray(v)) out[column] = v.every((x) => x === null || typeof x !== 'object') ? v.join(';') : JSON.stringify(v);
    else out[column] = v;
  }
  return out;
};

/** The columns of some rows: every key, in the order first seen. */
export const columnsOf = (rows: readonly Record<string, unknown>[]): string[] => {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
};
