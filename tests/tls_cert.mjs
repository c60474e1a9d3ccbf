// The localhost certificate for the flag server's -H2 listeners and the local
// CA that signed it, made once in build/tls/ by scripts/make_tls_cert.sh
// (instant when they are there and not expiring). cert.pem holds the chain,
// so a client may take it as its CA file. Shared by the server, CLI and
// browser test harnesses.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Returns { cert, key, ca, names, args } (names: the s<N>.localhost certificates;
// args: the server options that use them).
export function tlsCert() {
  const dir = path.join(REPO_ROOT, 'build', 'tls');
  execFileSync(path.join(REPO_ROOT, 'scripts', 'make_tls_cert.sh'), [dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const ca = path.join(dir, 'rootCA.pem');
  const names = path.join(dir, 'names');
  return { cert, key, ca, names, args: ['--tls-cert', cert, '--tls-key', key, '--tls-cert-dir', names] };
}
