/**
 * Every column of a table, named one by one, for the hot reads: on PostgreSQL they are named prepared
 * statements (named-statements.ts), and a prepared `select *` whose table gains a column fails ("cached
 * plan must not change result type") — which is what an old instance would meet during a rolling upgrade,
 * since migrations only add. The type refuses a list that misses a column.
 */
export function tableColumns<Table>() {
  return <const Columns extends readonly (keyof Table & string)[]>(
    ...columns: Columns & (Exclude<keyof Table, Columns[number]> extends never ? unknown : ['missing a column:', Exclude<keyof Table, Columns[number]>])
  ): Columns => columns;
}
