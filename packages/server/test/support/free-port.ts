import { createServer } from 'node:net';

/**
 * A port free right now on 127.0.0.1, for a server whose public URL must be known before it listens
 * (discovery's issuer is checked by relying parties). Asked of the OS, never fixed.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
