#!/usr/bin/env python3
"""The differential tier: seeded random programs (programs.py) run on the C++
runtime (a manual clock) and on Debian's python3 asyncio (a virtual clock);
their traces must match.

  run.py --binary INTERPRETER [--count N] [--first-seed S] [--corpus FILE]
  run.py --binary INTERPRETER --seed S      replays one seed, printing both traces
Seeds in the corpus file (one a line, '#' comments) run first, every time.
"""
import argparse
import difflib
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import programs  # noqa: E402


def run_cpp(binary, texts):
    with tempfile.NamedTemporaryFile("w", suffix=".programs", delete=False) as f:
        for text in texts:
            f.write(text + "end\n")
        path = f.name
    try:
        out = subprocess.run([binary, path], capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(path)
    if out.returncode != 0:
        sys.exit(f"interpreter failed (exit {out.returncode}):\n{out.stderr}")
    traces, current = [], []
    for line in out.stdout.splitlines():
        if line == "end":
            traces.append(current)
            current = []
        else:
            current.append(line)
    if len(traces) != len(texts):
        sys.exit(f"interpreter printed {len(traces)} traces for {len(texts)} programs:\n{out.stderr}")
    return traces


def read_corpus(path):
    if not path:
        return []
    with open(path) as f:
        return [int(line.split("#")[0]) for line in f if line.split("#")[0].strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--first-seed", type=int, default=int(os.environ.get("COFLAGS_DIFF_SEED", "1")))
    ap.add_argument("--corpus")
    ap.add_argument("--seed", type=int, help="replay one seed and print both traces")
    args = ap.parse_args()

    started = time.monotonic()
    seeds = [args.seed] if args.seed is not None else read_corpus(args.corpus) + list(
        range(args.first_seed, args.first_seed + args.count))
    texts = [programs.generate(s) for s in seeds]
    cpp = run_cpp(args.binary, texts)
    failed = []
    for seed, text, got in zip(seeds, texts, cpp):
        want = programs.canonical(programs.run_oracle(text))
        have = programs.canonical(got)
        if args.seed is not None:
            print(text, end="")
            print("--- asyncio\n" + "\n".join(want) + "\n--- runtime\n" + "\n".join(have))
        if want != have:
            failed.append(seed)
            if len(failed) <= 3:
                print(f"seed {seed} differs:\n{text}", end="")
                print("\n".join(difflib.unified_diff(want, have, "asyncio", "runtime", lineterm="")))
    elapsed = time.monotonic() - started
    print(f"{len(seeds)} programs in {elapsed:.1f} s, {len(failed)} differ")
    if failed:
        print("failing seeds: " + " ".join(map(str, failed)))
        print(f"replay one: {sys.argv[0]} --binary {args.binary} --seed {failed[0]}")
        print("and add it to tests/differential/corpus.txt once fixed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
