import type { Logger } from 'pino';
import { createLogger } from '../../src/logger.js';

/** The server's own logger (src/logger.ts, same redaction) writing every line into memory. */
export function captureLogs(level = 'trace'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger(level, {
    write(chunk: string) {
      lines.push(...chunk.split('\n').filter((l) => l.length > 0));
    },
  });
  return { logger, lines };
}
