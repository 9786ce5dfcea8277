/** The two stores' SQL dialects: embedded SQLite (one node) and PostgreSQL (one node or many). */
export type Dialect = 'sqlite' | 'postgres';
