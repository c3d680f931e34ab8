/**
 * A string as a SQL string literal, for the few places where DuckDB takes SQL text and no bound
 * parameter: the file of a COPY ... TO, and the file a view over read_parquet() names. The one
 * character that could end the literal is doubled; NUL, which no file name holds, is refused.
 */
export function sqlStringLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('a path may not contain NUL characters');
  return `'${text.replaceAll("'", "''")}'`;
}
