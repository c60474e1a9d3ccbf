// The server serves real data sets in the book's layout: the book's own
// (../shared/reference/flags.zip, byte for byte) and the one built from npm.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, request, startServer } from './server_helpers.mjs';

const REFERENCE_DIR = process.env.COFLAGS_REFERENCE_DIR ?? path.join(REPO_ROOT, 'build/data/reference');
const DATASET_DIR = process.env.COFLAGS_FLAGS_DATASET ?? path.join(REPO_ROOT, 'build/data/flags');

const codesIn = (dir) => fs.readFileSync(path.join(dir, 'country_codes.txt'), 'utf8').split(/\s+/).filter(Boolean);

// Every flag and metadata file, over a few keep-alive connections, compared with the disk.
async function checkServedIdentical(flagsDir, codes) {
  const srv = await startServer(['--flags', flagsDir]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    const files = ['country_codes.txt', ...codes.flatMap((cc) => {
      const lc = cc.toLowerCase();
      return [`${lc}/${lc}.gif`, `${lc}/metadata.json`];
    })];
    await Promise.all(files.map(async (f) => {
      const r = await request(srv.urls.LOCAL, '/flags/' + f, { agent });
      assert.equal(r.status, 200, f);
      assert.ok(r.body.equals(fs.readFileSync(path.join(flagsDir, f))), `${f} differs from the file`);
      if (f.endsWith('.gif')) assert.equal(r.headers['content-type'], 'image/gif');
      if (f.endsWith('.json')) assert.equal(r.headers['content-type'], 'application/json');
    }));
    return files.length;
  } finally {
    agent.destroy();
    assert.equal((await srv.stop()).code, 0);
  }
}

describe('the book data set (../shared/reference/flags.zip)', () => {
  const unpack = spawnSync(path.join(REPO_ROOT, 'scripts/unpack_reference_flags.sh'), [REFERENCE_DIR], { encoding: 'utf8' });
  const missing = unpack.status === 3;
  if (unpack.status !== 0 && !missing) throw new Error(`unpack_reference_flags.sh failed: ${unpack.stderr}`);
  const flagsDir = path.join(REFERENCE_DIR, 'flags');

  test('is served byte-identical: all 194 flags, metadata and country_codes.txt',
    { skip: missing && `the book's reference data is not on this machine: ${unpack.stderr.trim()}` }, async () => {
      const codes = codesIn(flagsDir);
      assert.equal(codes.length, 194);
      const n = await checkServedIdentical(flagsDir, codes);
      assert.equal(n, 1 + 2 * 194);
    });
});

describe('the data set built from svg-country-flags', () => {
  test('builds (or is already built) in the book layout and is served byte-identical', { timeout: 240000 }, async () => {
    execFileSync(path.join(REPO_ROOT, 'scripts/build_flags_dataset.sh'), [DATASET_DIR], { stdio: 'inherit' });
    const codes = codesIn(DATASET_DIR);
    assert.ok(codes.length >= 190, `${codes.length} codes`);
    assert.deepEqual(codes, [...codes].sort(), 'codes sorted');
    for (const cc of codes) {
      assert.match(cc, /^[A-Z]{2}$/);
      const lc = cc.toLowerCase();
      const meta = JSON.parse(fs.readFileSync(path.join(DATASET_DIR, lc, 'metadata.json'), 'utf8'));
      assert.equal(meta.iso_cc, cc);
      assert.match(meta.tld_cc, /^\.[a-z]{2}$/);
      assert.ok(meta.country.length > 1);
      const gif = fs.readFileSync(path.join(DATASET_DIR, lc, `${lc}.gif`));
      assert.match(gif.subarray(0, 6).toString('latin1'), /^GIF8[79]a$/, `${lc}.gif is a GIF`);
      assert.ok(gif.length > 200 && gif.length < 200000, `${lc}.gif is ${gif.length} bytes`);
    }
    assert.equal(JSON.parse(fs.readFileSync(path.join(DATASET_DIR, 'br/metadata.json'))).country, 'Brazil');
    assert.equal(await checkServedIdentical(DATASET_DIR, codes), 1 + 2 * codes.length);
  });
});
