// The coflags CLI against the real coflags-server (issue 4's node tier).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import {
  finalReport, projectDataset, runCli, runCliSync, serverCodes, startServer, tmpDir, waitFor,
} from './harness.mjs';

const POP20 = 'CN IN US ID BR PK NG BD RU JP MX PH VN ET EG DE IR TR CD FR'.split(' ');

function sameBytes(a, b) {
  return Buffer.compare(fs.readFileSync(a), fs.readFileSync(b)) === 0;
}

describe('against the project data set', () => {
  let server;
  let flagsDir;
  let codes;

  before(async () => {
    flagsDir = projectDataset();
    codes = serverCodes(flagsDir);
    server = await startServer(['--flags', flagsDir, '--delay', '0.3', '--error-rate', '0.25', '--seed', '7']);
  });
  after(async () => { await server?.stop(); });

  test('POP20 from LOCAL: all downloaded, byte-identical to the server files', async () => {
    const dest = tmpDir();
    const r = await runCli(['--url', server.flags('LOCAL'), '--dest', dest]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^URL site: http:\/\/127\.0\.0\.1:\d+\/flags$/m);
    assert.match(r.out, /^Searching for 20 flags: from BD to VN$/m);
    assert.match(r.out, /^5 concurrent connections will be used\.$/m);
    const report = finalReport(r.out);
    assert.deepEqual([report.ok, report.notFound, report.errors], [20, 0, 0]);
    assert.deepEqual(fs.readdirSync(dest).sort(), POP20.map((cc) => `${cc.toLowerCase()}.gif`).sort());
    for (const cc of POP20) {
      const name = `${cc.toLowerCase()}.gif`;
      assert.ok(sameBytes(path.join(dest, name), path.join(flagsDir, cc.toLowerCase(), name)), `${name} differs`);
    }
  });

  test('-e -l 60: counts add up, with not-found entries', async () => {
    const dest = tmpDir();
    const r = await runCli(['--url', server.flags('LOCAL'), '--dest', dest, '-e', '-l', '60', '-m', '20', '-v']);
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    const first60 = [];
    for (const a of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') for (const b of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') first60.push(a + b);
    const served = first60.slice(0, 60).filter((cc) => codes.includes(cc));
    assert.equal(report.ok + report.notFound + report.errors, 60);
    assert.equal(report.ok, served.length);
    assert.equal(report.notFound, 60 - served.length);
    assert.ok(report.notFound > 0);
    assert.equal(fs.readdirSync(dest).length, report.ok);
    assert.match(r.out, /^AA not found: http:\/\/\S+\/flags\/aa\/aa\.gif$/m);
  });

  test('-a downloads every code the server lists, into a --dest it creates', async () => {
    const dest = path.join(tmpDir(), 'new', 'nested');
    const r = await runCli(['--url', server.flags('LOCAL'), '--dest', dest, '-a', '-m', '50']);
    assert.equal(r.code, 0, r.err);
    assert.equal(finalReport(r.out).ok, codes.length);
    assert.equal(fs.readdirSync(dest).length, codes.length);
  });

  test('ERROR mode: counts add up and match the server\'s per-status counts', async () => {
    await server.reset();
    const dest = tmpDir();
    const r = await runCli(['--url', server.flags('ERROR'), '--dest', dest, '-m', '20', '-v', ...codes]);
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    assert.equal(report.ok + report.notFound + report.errors, codes.length);
    assert.ok(report.errors > 0, 'an error rate of 0.25 gave no errors');
    const stats = await server.stats('ERROR');
    assert.equal(stats.requests, codes.length);
    const byStatus = stats.by_status;
    const serverErrors = Object.entries(byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, c]) => n + c, 0);
    assert.equal(byStatus['200'] ?? 0, report.ok);
    assert.equal(byStatus['404'] ?? 0, report.notFound);
    assert.equal(serverErrors, report.errors);
    assert.equal(fs.readdirSync(dest).length, report.ok);
    assert.match(r.out, /^[A-Z]{2} error: HTTP error 50[03] - .+$/m);
  });

  test('the server\'s peak in-flight reaches -m and never exceeds it', async () => {
    for (const m of [3, 16]) {
      await server.reset();
      const r = await runCli(['--url', server.flags('DELAY'), '--dest', tmpDir(), '-e', '-l', '60', '-m', String(m)]);
      assert.equal(r.code, 0, r.err);
      const stats = await server.stats('DELAY');
      assert.equal(stats.requests, 60);
      assert.equal(stats.peak_in_flight, m, `peak in flight with -m ${m}`);
    }
  });

  test('--meta names the files after the countries', async () => {
    const dest = tmpDir();
    const r = await runCli(['--url', server.flags('LOCAL'), '--dest', dest, '--meta', 'BR', 'US', 'JP']);
    assert.equal(r.code, 0, r.err);
    assert.equal(finalReport(r.out).ok, 3);
    const expected = ['br', 'us', 'jp'].map((cc) => {
      const meta = JSON.parse(fs.readFileSync(path.join(flagsDir, cc, 'metadata.json'), 'utf8'));
      return `${meta.country.replaceAll(' ', '_')}-${cc.toUpperCase()}.gif`;
    });
    assert.deepEqual(fs.readdirSync(dest).sort(), expected.sort());
    assert.ok(fs.readdirSync(dest).includes('Brazil-BR.gif'));
    assert.ok(sameBytes(path.join(dest, 'Brazil-BR.gif'), path.join(flagsDir, 'br', 'br.gif')));
  });

  test('--timeout turns a slow answer into an error naming the timeout', async () => {
    const r = await runCli(['--url', server.flags('DELAY'), '--dest', tmpDir(), '--timeout', '0.05', '-v', 'BR', 'JP']);
    assert.equal(r.code, 0, r.err);
    assert.equal(finalReport(r.out).errors, 2);
    assert.match(r.out, /^BR error: timed out after 0\.05 s/m);
    await waitFor(async () => (await server.stats('DELAY')).in_flight === 0, { what: 'aborted requests to leave' });
  });

  test('an unreachable server is counted as errors, not a crash', async () => {
    const r = await runCli(['--url', 'http://127.0.0.1:9/flags', '--dest', tmpDir(), '-v', 'BR']);
    assert.equal(r.code, 0, r.err);
    assert.equal(finalReport(r.out).errors, 1);
    assert.match(r.out, /^BR error: network error: connect ECONNREFUSED 127\.0\.0\.1:9 /m);
  });

  test('-a reads ./country_codes.txt when present, as the book does, and asks the server for nothing else', async () => {
    const cwd = tmpDir();
    fs.writeFileSync(path.join(cwd, 'country_codes.txt'), 'br jp\nZZ\n');
    await server.reset();
    const r = await runCli(['--url', server.flags('LOCAL'), '--dest', path.join(cwd, 'out'), '-a'], { cwd });
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    assert.deepEqual([report.ok, report.notFound], [2, 1]);
    assert.equal((await server.stats('LOCAL')).requests, 3, 'three flags, no code list');
  });

  test('--codes-file names the list -a reads; a missing or malformed one is a clear error, exit 1', async () => {
    const dir = tmpDir();
    const list = path.join(dir, 'mine.txt');
    fs.writeFileSync(list, 'CN IN US');
    let r = await runCli(['--url', server.flags('LOCAL'), '--dest', path.join(dir, 'out'), '-a', '--codes-file', list]);
    assert.equal(r.code, 0, r.err);
    assert.equal(finalReport(r.out).ok, 3);
    r = await runCli(['--url', server.flags('LOCAL'), '--dest', dir, '-a', '--codes-file', path.join(dir, 'none.txt')]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /^\*\*\* cannot get the list of country codes from \S+none\.txt: no such file$/m);
    fs.writeFileSync(list, 'CN Brazil');
    r = await runCli(['--url', server.flags('LOCAL'), '--dest', dir, '-a', '--codes-file', list]);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /^\*\*\* cannot get the list of country codes from \S+mine\.txt: .*(BRAZIL|Brazil)/m);
  });

  test('-a without a reachable server says it cannot get the code list and exits 1', async () => {
    const r = await runCli(['--url', 'http://127.0.0.1:9/flags', '--dest', tmpDir(), '-a']);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.err, /^\*\*\* cannot get the list of country codes from http:\/\/127\.0\.0\.1:9\/flags: network error: connect ECONNREFUSED/m);
  });
});

describe('cancellation', () => {
  let server;
  before(async () => { server = await startServer(['--flags', projectDataset(), '--delay', '5']); });
  after(async () => { await server?.stop(); });

  test('Ctrl-C mid-run under DELAY aborts every request and still reports', async () => {
    const r = await runCli(['--url', server.flags('DELAY'), '--dest', tmpDir(), '-e', '-m', '20'], {
      during: async (child) => {
        await waitFor(async () => (await server.stats('DELAY')).in_flight === 20, { what: '20 requests in flight' });
        child.kill('SIGINT');
      },
    });
    assert.equal(r.code, 130, r.err);
    assert.match(r.err, /interrupted: cancelling, 20 requests in flight/);
    const report = finalReport(r.out);
    assert.equal(report.ok + report.notFound + report.errors + report.cancelled, 676);
    assert.equal(report.cancelled, 676);
    assert.ok(report.elapsed < 4, `took ${report.elapsed}s: the 5 s delay was waited out`);
    // The connections closed: the server stops counting them long before its 5 s delay ends.
    const stats = await waitFor(async () => {
      const s = await server.stats('DELAY');
      return s.in_flight === 0 ? s : null;
    }, { timeoutMs: 2000, what: 'in-flight to drop to 0' });
    assert.equal(stats.requests, 20);
    assert.equal(stats.peak_in_flight, 20);
  });
});

describe('bad data from the server', () => {
  let server;
  let dir;
  before(async () => {
    // A data set of our own: one good flag, one with broken metadata, one HTML page posing as a GIF.
    const source = projectDataset();
    dir = tmpDir('coflags-bad-data-');
    for (const cc of ['br', 'jp', 'us']) {
      fs.mkdirSync(path.join(dir, cc));
      fs.copyFileSync(path.join(source, cc, `${cc}.gif`), path.join(dir, cc, `${cc}.gif`));
      fs.copyFileSync(path.join(source, cc, 'metadata.json'), path.join(dir, cc, 'metadata.json'));
    }
    fs.writeFileSync(path.join(dir, 'jp', 'metadata.json'), '{"country": "Japan", ');
    fs.writeFileSync(path.join(dir, 'us', 'us.gif'), '<html><body>Sorry, we moved</body></html>');
    fs.writeFileSync(path.join(dir, 'country_codes.txt'), 'BR JP US\n');
    server = await startServer(['--flags', dir]);
  });
  after(async () => { await server?.stop(); });

  test('malformed metadata.json and a non-image body are errors, the rest is saved', async () => {
    const dest = tmpDir();
    const r = await runCli(['--url', server.flags('LOCAL'), '--dest', dest, '--meta', '-v', '-a']);
    assert.equal(r.code, 0, r.err);
    const report = finalReport(r.out);
    assert.deepEqual([report.ok, report.notFound, report.errors], [1, 0, 2]);
    assert.match(r.out, /^JP error: malformed metadata\.json: not valid JSON \(http:\S+\/jp\/metadata\.json\)$/m);
    assert.match(r.out, /^US error: not an image \(\d+ bytes, [^)]*\) \(http:\S+\/us\/us\.gif\)$/m);
    assert.deepEqual(fs.readdirSync(dest), ['Brazil-BR.gif']);
  });
});

describe('usage', () => {
  const cases = [
    [['ABC'], /each CC argument must be A to Z or AA to ZZ/],
    [['B1'], /each CC argument must be A to Z or AA to ZZ/],
    [['-m', '0'], /--max_req CONCURRENT must be >= 1/],
    [['-l', 'many'], /--limit N must be >= 1/],
    [['-s', 'MARS'], /--server LABEL must be one of DELAY, ERROR, LOCAL, REMOTE/],
    [['--url', 'localhost:8001'], /--url BASE must start with http:\/\/ or https:\/\//],
    [['--timeout', 'soon'], /--timeout SECONDS must be a number >= 0/],
    [['--frobnicate'], /unknown option --frobnicate/],
  ];
  for (const [args, message] of cases) {
    test(`coflags ${args.join(' ')} exits 2 and says what is allowed`, () => {
      const r = runCliSync(args);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, message);
      assert.match(r.err, /^usage: coflags /m);
      assert.equal(r.out, '', 'nothing on stdout for a usage error');
    });
  }

  test('a --dest that cannot be created exits 1 and says why', () => {
    const file = path.join(tmpDir(), 'a-file');
    fs.writeFileSync(file, '');
    for (const dest of [path.join(file, 'flags'), '/proc/coflags-test']) {
      const r = runCliSync(['--dest', dest, 'BR']);
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.err, new RegExp(`^\\*\\*\\* cannot create ${dest}: (ENOTDIR|ENOENT)`, 'm'));
    }
  });

  test('--help exits 0 and lists the options', () => {
    const r = runCliSync(['--help']);
    assert.equal(r.code, 0);
    for (const option of ['--all', '--every', '--limit', '--max_req', '--server', '--url', '--meta', '--dest', '--timeout']) {
      assert.ok(r.out.includes(option), `help lacks ${option}`);
    }
  });
});
