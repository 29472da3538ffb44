#!/usr/bin/env python3
"""Fleet commands (SPEC §7) at scale, on the Kubernetes tree of `k8s_tree.py` (10,000 workloads
in 2,000 files by default).

    python3 bench/fleet.py [--workloads 10000] [--runs 5] [--dir D] [--bin SIDECARCTL]
                           [--instructions]

Three questions, each answered side by side in one run, so that a busy spell of a shared
machine weighs on both sides alike (every round runs each row once, in turn, after one round to
warm the cache; a row prints its median, its peak memory and the median over the rounds of its
ratio to its baseline in the same round):

1. Reading: `services -o json` and `drift -o json` against `list -o json` (a command the binary
   lacks is skipped). The issue's bound: within 1.2x.
2. Writing to a filtered selection: `create logger --image … --without logger --namespace
   'team-1*'` against the atomic-write floor of `k8s_tree.py` (a temporary file beside every
   file of the tree, one sync, a rename each: what `edit --all` is measured against), and
   against a stricter floor of this change: read every file of the tree (which workloads are
   in `team-1*` is in the files), then write only the files the change touches that way. The
   bound: 1.3x the floor, and a peak memory under 3x the tree's bytes.
3. A list of targets: `edit envoy --targets-from - --image …` with every workload's ID on stdin
   (10,000 IDs, as `services -o name` prints them) against `edit envoy --all --image …`, the same
   change without a list. What the list costs (reading it, looking each workload up, checking
   that every name exists) is the difference; the bound: under 5% of the command's time. With
   --instructions both are also counted under callgrind (deterministic, unlike wall time).

Every write starts from a fresh copy of the tree that has rested 2.1 s (see `k8s_tree.py`)."""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # importing the other benches must leave no cache
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from k8s_tree import SETTLE_S, files_of, gen  # noqa: E402
from run import TIME, describe_fs  # noqa: E402

NEW_ENVOY = "envoyproxy/envoy:v1.32.1"
LOGGER = "example.org/logger:1.0.0"
CREATE = ["create", "logger", "--image", LOGGER, "--without", "logger", "--namespace", "team-1*"]


def measure(cmd, setup=None, stdin=None):
    """(seconds, peak RSS in MiB) of one run; `stdin` a file to read from."""
    if setup:
        setup()
        os.sync()  # the setup's writes are not charged to the command
    with tempfile.NamedTemporaryFile("r") as rss:
        src = open(stdin, "rb") if stdin else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            proc = subprocess.run([TIME, "-f", "%M", "-o", rss.name, *cmd], stdin=src,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            elapsed = time.perf_counter() - start
        finally:
            if stdin:
                src.close()
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()}")
        peak_kib = int(rss.read().split()[-1])
    return elapsed, peak_kib / 1024


def rounds(rows, runs):
    """Rows (name, argv, setup, stdin): a warm-up round, then `runs` rounds of each in turn."""
    for _, cmd, setup, stdin in rows:
        measure(cmd, setup, stdin)
    times = {r[0]: [] for r in rows}
    peaks = {r[0]: [] for r in rows}
    for _ in range(runs):
        for name, cmd, setup, stdin in rows:
            t, m = measure(cmd, setup, stdin)
            times[name].append(t)
            peaks[name].append(m)
    return times, peaks


def ratio(times, base):
    return statistics.median(t / b for t, b in zip(times, base))


def report(rows, times, peaks, base, size):
    print(f"# each row's time over that of `{base}` in the same round")
    print(f"{'command':<58} {'median ms':>10} {'peak MiB':>9} {'x base':>8} {'peak/tree':>9}")
    for name, *_ in rows:
        t = statistics.median(times[name])
        print(f"{name:<58} {t * 1000:>10.1f} {max(peaks[name]):>9.1f} "
              f"{ratio(times[name], times[base]):>8.3f} {max(peaks[name]) * 2**20 / size:>9.2f}",
              flush=True)


def has(exe, command):
    """Whether the binary has `command` (the fleet commands came one by one)."""
    return subprocess.run([exe, command, "--help"], capture_output=True).returncode == 0


def floor(root, changed):
    """The floor of the filtered create: read every file (which workloads are in the namespace
    is in them), then write each of `changed` atomically: a temporary file, one sync, a rename."""
    texts = {}
    for p in files_of(root):
        with open(p, "rb") as f:
            texts[p] = f.read()
    for p in changed:
        with open(p + ".tmp", "wb") as f:
            f.write(texts[p])
    os.sync()
    for p in changed:
        os.replace(p + ".tmp", p)


def instructions(cmd, stdin=None, setup=None):
    """Instructions of one run under callgrind (every thread)."""
    if setup:
        setup()
    with tempfile.NamedTemporaryFile(prefix="callgrind-") as out:
        src = open(stdin, "rb") if stdin else subprocess.DEVNULL
        try:
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}",
                            *cmd], stdin=src, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
        finally:
            if stdin:
                src.close()
        text = open(out.name).read()
    return int(re.search(r"^summary: (\d+)", text, re.M).group(1))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "floor":
        # `fleet.py floor ROOT LIST`: the floor as a command of its own, timed like the others.
        with open(sys.argv[3]) as f:
            floor(sys.argv[2], f.read().split())
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--workloads", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", help="where to generate the tree (default: a temporary folder)")
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "sidecarctl"))
    ap.add_argument("--instructions", action="store_true",
                    help="also count the two edits' instructions under callgrind")
    args = ap.parse_args()
    exe = os.path.abspath(args.bin)
    n = args.workloads
    work = tempfile.mkdtemp(prefix="sidecarctl-fleet-", dir=args.dir)
    me = os.path.abspath(__file__)
    try:
        src, copy = os.path.join(work, "tree"), os.path.join(work, "copy")
        gen(src, n)
        files = files_of(src)
        size = sum(os.path.getsize(f) for f in files)

        def fresh():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(src, copy)
            time.sleep(SETTLE_S)

        print(f"# file system: {describe_fs(work)}; {os.cpu_count()} cores")
        print(f"# {n} workloads, {len(files)} files, {size / 1e6:.1f} MB; {args.runs} rounds")

        # 1. Reading.
        rows = [("list -o json", [exe, "-C", src, "list", "-o", "json"], None, None)]
        for command in ("services", "drift"):
            if has(exe, command):
                rows.append((f"{command} -o json", [exe, "-C", src, command, "-o", "json"],
                             None, None))
            else:
                print(f"# (no `{command}` in this binary: skipped)")
        times, peaks = rounds(rows, args.runs)
        report(rows, times, peaks, "list -o json", size)

        # 2. The filtered create, against its floor.
        listed = json.loads(subprocess.run(
            [exe, "-C", src, "services", "--without", "logger", "--namespace", "team-1*",
             "-o", "json"], capture_output=True, check=True).stdout)["services"]
        touched = sorted({os.path.join(copy, s["file"]) for s in listed})
        changed_list = os.path.join(work, "changed.txt")
        with open(changed_list, "w") as f:
            f.write("\n".join(touched) + "\n")
        print(f"# create: {len(listed)} workloads in `team-1*`, {len(touched)} files to write")
        floor_name = "floor: k8s_tree.py's, every file written"
        touched_name = "floor: read every file, write the touched ones"
        create_name = "create logger --without logger --namespace 'team-1*'"
        rows = [
            (floor_name, [sys.executable, os.path.join(HERE, "k8s_tree.py"), "floor", copy],
             fresh, None),
            (touched_name, [sys.executable, me, "floor", copy, changed_list], fresh, None),
            (create_name, [exe, "-C", copy, "-q", *CREATE], fresh, None),
        ]
        times, peaks = rounds(rows, args.runs)
        report(rows, times, peaks, floor_name, size)

        # 3. A list of 10,000 targets.
        ids = subprocess.run([exe, "-C", src, "services", "-o", "name"], capture_output=True,
                             check=True, text=True).stdout
        id_list = os.path.join(work, "ids.txt")
        with open(id_list, "w") as f:
            f.write(ids)
        print(f"# edit: {len(ids.split())} IDs on stdin")
        all_name = "edit envoy --all --image"
        list_name = "edit envoy --targets-from - --image"
        edit = ["-q", "edit", "envoy", "--image", NEW_ENVOY]
        rows = [
            (all_name, [exe, "-C", copy, *edit, "--all"], fresh, None),
            (list_name, [exe, "-C", copy, *edit, "--targets-from", "-"], fresh, id_list),
        ]
        times, peaks = rounds(rows, args.runs)
        report(rows, times, peaks, all_name, size)
        share = statistics.median(
            (b - a) / b for a, b in zip(times[all_name], times[list_name]))
        print(f"# the list's share of the command's time (median over rounds): {share:.1%}")
        if args.instructions:
            counts = {
                all_name: instructions(rows[0][1], setup=fresh),
                list_name: instructions(rows[1][1], stdin=id_list, setup=fresh),
            }
            for name, c in counts.items():
                print(f"# callgrind: {name:<40} {c / 1e9:.3f} G instructions")
            extra = counts[list_name] - counts[all_name]
            print(f"# callgrind: the list's share: {extra / counts[list_name]:.2%}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
