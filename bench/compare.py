#!/usr/bin/env python3
"""Two builds side by side on every format: the check a structural change must pass (no command
slower, no more instructions, no more memory). On a project of N workloads of each format (mia
files, a Kubernetes tree, one Console file), each command runs on both binaries in turn, --runs
rounds, and prints both medians, both peaks and the ratio new/base; with --instructions it also
counts each command's instructions once under callgrind (deterministic, unlike a shared
machine's wall time).

    python3 bench/compare.py --base OLD_BINARY [--new target/release/sidecarctl]
                             [--size 10000] [--runs 5] [--instructions] [--dir D]

Commands: `list -o json`, `validate`, `edit SIDECAR --all`, `clone` to 1,000 workloads. Every
change runs on a fresh copy of the project."""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # importing run.py must leave no cache in the repository
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import measure, to_args  # noqa: E402


def generate(work, n):
    """(format, project dir) for each format, each of n workloads."""
    mia, k8s = os.path.join(work, "mia"), os.path.join(work, "k8s")
    console = os.path.join(work, "console")
    os.makedirs(console)
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), mia, str(n)], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "k8s_tree.py"), "gen", k8s, str(n)], check=True)
    subprocess.run([sys.executable, os.path.join(HERE, "console.py"), "--generate",
                    os.path.join(console, "describe.json"), "--services", str(n)], check=True,
                   stdout=subprocess.DEVNULL)
    return [("mia", mia), ("kubernetes", k8s), ("console", os.path.join(console, "describe.json"))]


def commands(exe, src, copy):
    """The rows of one format: (name, argv with {exe} and {dir} to fill, mutates)."""
    listed = json.loads(subprocess.run([exe, "-C", src, "list", "-o", "json"], capture_output=True,
                                       check=True).stdout)
    uses = {s["name"]: [u["service"] for u in s["services"]] for s in listed["sidecars"]}
    source = uses["otel-collector"][0] if "otel-collector" in uses else uses["fluent-bit"][0]
    sidecar = "otel-collector" if "otel-collector" in uses else "fluent-bit"
    ids = sorted({i for v in uses.values() for i in v} - {source})[:1000]
    return [
        ("list -o json", ["list", "-o", "json"], False),
        ("validate", ["validate"], False),
        ("edit envoy --all --cpu-limit 250m", ["-q", "edit", "envoy", "--all", "--cpu-limit", "250m"], True),
        (f"clone {sidecar} --to 1000, skip", ["-q", "clone", sidecar, "--from", source,
                                              *to_args(ids), "--on-conflict", "skip"], True),
    ]


def instructions(exe, argv):
    """Instructions of one run under callgrind (every thread)."""
    with tempfile.NamedTemporaryFile(prefix="callgrind-") as out:
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}",
                        exe, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        text = open(out.name).read()
    return int(re.search(r"^summary: (\d+)", text, re.M).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--new", default=os.path.join(HERE, "..", "target", "release", "sidecarctl"))
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--instructions", action="store_true")
    ap.add_argument("--dir")
    args = ap.parse_args()
    bins = {"base": os.path.abspath(args.base), "new": os.path.abspath(args.new)}
    work = tempfile.mkdtemp(prefix="sidecarctl-compare-", dir=args.dir)
    print(f"# {args.size} workloads per format, {args.runs} rounds, {os.cpu_count()} cores")
    print(f"{'format':<11} {'command':<36} {'base ms':>8} {'new ms':>8} {'x':>6} "
          f"{'base MiB':>9} {'new MiB':>8}" + (f" {'base Ginstr':>12} {'new Ginstr':>11} {'x':>6}"
                                                if args.instructions else ""))
    try:
        for fmt, src in generate(work, args.size):
            copy = os.path.join(work, "copy" + os.path.splitext(src)[1])

            def fresh():
                if os.path.isdir(src):
                    shutil.rmtree(copy, ignore_errors=True)
                    shutil.copytree(src, copy)
                else:
                    shutil.copyfile(src, copy)

            for name, argv, mutates in commands(bins["base"], src, copy):
                target = copy if mutates else src
                times, peaks = {"base": [], "new": []}, {"base": [], "new": []}
                for r in range(args.runs + 1):
                    for which in (("base", "new") if r % 2 else ("new", "base")):
                        t, m = measure([bins[which], "-C", target, *argv],
                                       setup=fresh if mutates else None)
                        if r:  # the first round warms the cache
                            times[which].append(t)
                            peaks[which].append(m)
                tb, tn = statistics.median(times["base"]), statistics.median(times["new"])
                row = (f"{fmt:<11} {name:<36} {tb * 1000:>8.1f} {tn * 1000:>8.1f} {tn / tb:>6.3f} "
                       f"{max(peaks['base']):>9.1f} {max(peaks['new']):>8.1f}")
                if args.instructions:
                    counts = {}
                    for which in ("base", "new"):
                        if mutates:
                            fresh()
                        counts[which] = instructions(bins[which], ["-C", target, *argv])
                    row += (f" {counts['base'] / 1e9:>12.3f} {counts['new'] / 1e9:>11.3f} "
                            f"{counts['new'] / counts['base']:>6.3f}")
                print(row, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
