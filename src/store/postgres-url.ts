/** `--data postgres://…` (or `postgresql://…`) names a PostgreSQL store; anything else is an SQLite file. */
export const isPostgresUrl = (data: string): boolean => /^postgres(ql)?:\/\//.test(data);
