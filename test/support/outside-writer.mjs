// A second process writing to a store's database (test/store/second-process.test.ts): small
// committed inserts into `ow_rows`, one after the other, until `ms` have passed. Plain JavaScript,
// so that it starts without the test's TypeScript loader. Prints how many rows it wrote.
import SQLite from 'better-sqlite3';
import pg from 'pg';

const [target, ms] = [process.argv[2], Number(process.argv[3])];
const end = Date.now() + ms;
let n = 0;
if (target.startsWith('postgres')) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  while (Date.now() < end) await client.query('insert into ow_rows (src, v) values ($1, $2)', ['outside', n++]);
  await client.end();
} else {
  const db = new SQLite(target);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare('insert into ow_rows (src, v) values (?, ?)');
  while (Date.now() < end) {
    insert.run('outside', n++);
    // Let the event loop breathe: the parent measures against a writer that commits often.
    if (n % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  db.close();
}
process.stdout.write(String(n));
