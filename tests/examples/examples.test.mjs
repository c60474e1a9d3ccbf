// The chapter's example programs under node (wasm build):
// three_stages (18.5) written with callbacks and as a coroutine prints the
// same lines, for a full exchange and for a failure at each stage, against
// the real flag server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, projectDataset, tmpDir } from '../cli/harness.mjs';

const THREE_STAGES = process.env.COFLAGS_THREE_STAGES;
assert.ok(THREE_STAGES, 'COFLAGS_THREE_STAGES must name the built example (run through ctest)');

function threeStages(style, base, cc) {
  const r = spawnSync('node', [THREE_STAGES, `--${style}`, base, ...(cc ? [cc] : [])],
    { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Both styles, asserting they agree; returns what they printed.
function bothStyles(base, cc) {
  const callbacks = threeStages('callbacks', base, cc);
  const coroutine = threeStages('coroutine', base, cc);
  assert.equal(callbacks.out, coroutine.out, 'the two styles print the same lines');
  assert.equal(callbacks.code, coroutine.code, 'and exit the same way');
  return coroutine;
}

// Three codes: BR complete, AR without metadata.json, CL without its flag.
function brokenDataset() {
  const source = projectDataset();
  const dir = tmpDir('coflags-three-stages-');
  for (const cc of ['ar', 'br', 'cl']) fs.cpSync(path.join(source, cc), path.join(dir, cc), { recursive: true });
  fs.rmSync(path.join(dir, 'ar', 'metadata.json'));
  fs.rmSync(path.join(dir, 'cl', 'cl.gif'));
  fs.writeFileSync(path.join(dir, 'country_codes.txt'), 'AR BR CL\n');
  return dir;
}

describe('three_stages (18.5): callbacks and coroutine', () => {
  let server;
  let dataset;
  before(async () => {
    dataset = brokenDataset();
    server = await startServer(['--flags', dataset]);
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dataset, { recursive: true, force: true });
  });

  it('runs the three stages in order and reports the flag', () => {
    const r = bothStyles(server.flags('LOCAL'), 'br');
    assert.equal(r.code, 0, r.err);
    const bytes = fs.statSync(path.join(dataset, 'br', 'br.gif')).size;
    const country = JSON.parse(fs.readFileSync(path.join(dataset, 'br', 'metadata.json'), 'utf8')).country;
    assert.equal(r.out, [
      'stage 1: BR is one of the 3 codes the server lists',
      `stage 2: BR is ${country}`,
      `stage 3: the flag of ${country} (BR), ${bytes} bytes`,
      '',
    ].join('\n'));
  });

  it('stops at stage 1 when the code is not listed', () => {
    const r = bothStyles(server.flags('LOCAL'), 'ZZ');
    assert.equal(r.code, 1);
    assert.equal(r.out, 'stage 1 failed: ZZ is not among the 3 codes the server lists\n');
  });

  it('stops at stage 2 when metadata.json is missing, and at stage 3 when the flag is', () => {
    const ar = bothStyles(server.flags('LOCAL'), 'AR');
    assert.equal(ar.code, 1);
    assert.match(ar.out, /^stage 1: AR is one of the 3 codes the server lists\nstage 2 failed: .*404.*\n$/);
    const cl = bothStyles(server.flags('LOCAL'), 'CL');
    assert.equal(cl.code, 1);
    assert.match(cl.out, /^stage 1: .*\nstage 2: CL is .+\nstage 3 failed: .*404.*\n$/);
  });

  it('stops at stage 1 when no server answers', () => {
    // A port nothing listens on: the server's own, after it stopped, is not safe to reuse; port 9 (discard) is closed here.
    const r = bothStyles('http://127.0.0.1:9/flags', 'BR');
    assert.equal(r.code, 1);
    assert.match(r.out, /^stage 1 failed: .+\n$/);
  });

  it('rejects bad usage with exit code 2', () => {
    for (const args of [['--sideways'], [], ['http://127.0.0.1:9/flags', 'BRA'], ['http://127.0.0.1:9/flags', '1X']]) {
      const r = spawnSync('node', [THREE_STAGES, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, /usage: three_stages/);
      assert.equal(r.stdout, '');
    }
  });
});
