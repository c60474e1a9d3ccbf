// The CLI against the book's own data set (../shared/reference/flags.zip)
// served by coflags-server: the layout and metadata of the book's servers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import { finalReport, referenceDataset, runCli, serverCodes, startServer, tmpDir } from './harness.mjs';

const flagsDir = referenceDataset();

describe('the book\'s data set', { skip: flagsDir ? false : 'no ../shared/reference/flags.zip on this machine' }, () => {
  let server;
  before(async () => { server = await startServer(['--flags', flagsDir, '--delay', '0.3']); });
  after(async () => { await server?.stop(); });

  test('-a --meta: all 194 flags, named after their countries, byte-identical', async () => {
    const codes = serverCodes(flagsDir);
    assert.equal(codes.length, 194);
    const dest = tmpDir();
    const r = await runCli(['--url', server.flags('DELAY'), '--dest', dest, '-a', '--meta', '-m', '100']);
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    assert.deepEqual([report.ok, report.notFound, report.errors], [194, 0, 0]);
    const files = fs.readdirSync(dest);
    assert.equal(files.length, 194);
    for (const cc of codes.map((c) => c.toLowerCase())) {
      const meta = JSON.parse(fs.readFileSync(path.join(flagsDir, cc, 'metadata.json'), 'utf8'));
      const name = files.find((f) => f.endsWith(`-${cc.toUpperCase()}.gif`));
      assert.ok(name, `no file for ${cc}`);
      assert.ok(name.startsWith(meta.country.replaceAll(' ', '_').replaceAll('/', '_')), `${name} vs ${meta.country}`);
      const same = Buffer.compare(fs.readFileSync(path.join(dest, name)), fs.readFileSync(path.join(flagsDir, cc, `${cc}.gif`)));
      assert.equal(same, 0, `${name} differs from the server's file`);
    }
  });

  test('POP20 with the book\'s defaults', async () => {
    const r = await runCli(['--url', server.flags('LOCAL'), '--dest', tmpDir()]);
    assert.equal(r.code, 0, r.err);
    assert.equal(finalReport(r.out).ok, 20);
  });
});
