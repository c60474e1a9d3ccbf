// The self-signed localhost certificate for the flag server's -H2 listeners,
// made once in build/tls/ by scripts/make_tls_cert.sh (instant when it is
// there and not expiring). Shared by the server, CLI and browser test harnesses.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Returns { cert, key, args } (args: the server options that use them).
export function tlsCert() {
  const dir = path.join(REPO_ROOT, 'build', 'tls');
  execFileSync(path.join(REPO_ROOT, 'scripts', 'make_tls_cert.sh'), [dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  return { cert, key, args: ['--tls-cert', cert, '--tls-key', key] };
}
