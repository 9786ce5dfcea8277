/**
 * The server under load, in a process of its own so the load generator does not share its event
 * loop. Configured by the same environment variables as `cloudsso serve`.
 */
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startServer } from '../src/runtime.js';

const server = await startServer(loadConfig(process.env), { logger: createLogger('silent'), print: () => {} });
process.stdout.write(`READY ${server.url}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
