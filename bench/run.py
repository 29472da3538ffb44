#!/usr/bin/env python3
"""Times whole sidecarctl processes on synthetic projects against two baselines: reading every
file (`cat`) and loading every file with PyYAML's C loader. Prints the median wall time of
several runs and the peak memory (max RSS) of each command, then every command (list, validate,
create and clone to every service, edit and delete --all) with its peak memory over the bytes
it reads.

    python3 bench/run.py [--sizes 1000,10000,50000] [--runs 5] [--bin target/release/sidecarctl]
                         [--fuzz 3000] [--fuzz-bin target/debug/sidecarctl]

Projects are generated under --dir (default: a new folder in $TMPDIR) by bench/gen.py; mutating
commands run on a fresh copy each time, so every run does the same work. The first line of the
output names the file system, because commands that write thousands of files cost what its
inode allocator costs: on ext4 mounted without a journal, the kernel skips over inodes freed in
the last 60-300 seconds each time it creates a file, so every write benchmark right after the
previous run's copy was deleted pays for that, whatever the program. The README's figures come
from a journaled ext4 (mkfs.ext4's default) mounted on a loop file."""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


TIME = "/usr/bin/time"  # GNU time: the peak RSS of the command itself, not of a forked Python


def measure(cmd, cwd=None, setup=None):
    """(seconds, peak RSS in MiB) of one run."""
    if setup:
        setup()
        os.sync()  # the setup's writes are not charged to the command
    with tempfile.NamedTemporaryFile("r") as rss:
        start = time.perf_counter()
        proc = subprocess.run([TIME, "-f", "%M", "-o", rss.name, *cmd], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()}")
        peak_kib = int(rss.read().split()[-1])
    return elapsed, peak_kib / 1024


def bench(cmd, runs, cwd=None, setup=None):
    measure(cmd, cwd, setup)  # warm-up: page cache, binary
    times, peaks = [], []
    for _ in range(runs):
        t, m = measure(cmd, cwd, setup)
        times.append(t)
        peaks.append(m)
    return statistics.median(times), max(peaks)


def to_args(ids, limit=100_000):
    """`--to` flags naming every one of `ids`: Linux refuses one argument over 128 KiB, so a
    list of thousands is split over several flags (the CLI takes `--to` more than once)."""
    out, cur, length = [], [], 0
    for i in ids:
        if cur and length + len(i) + 1 > limit:
            out += ["--to", ",".join(cur)]
            cur, length = [], 0
        cur.append(i)
        length += len(i) + 1
    return out + (["--to", ",".join(cur)] if cur else [])


def memory_rows(size, rows, runs):
    """Every command of `rows` (name, argv, setup), with its median time, its peak resident
    set, the bytes it reads (`size`: the project's files) and the peak over those bytes (the
    issue's target: under 3)."""
    print(f"{'command':<48} {'median ms':>10} {'peak MiB':>9} {'read MiB':>9} {'x read':>7}")
    for name, cmd, setup in rows:
        t, m = bench(cmd, runs, setup=setup)
        print(f"{name:<48} {t * 1000:>10.1f} {m:>9.1f} {size / 2**20:>9.1f} "
              f"{m * 2**20 / size:>7.2f}", flush=True)


def change_rows(exe, src, copy, fresh, ids, clone_from, clone_sidecar, edit):
    """What every command costs on one project: the reads, and each change on a fresh copy
    (`-q`: the report of thousands of rows is not what is measured)."""
    return [
        ("list -o json", [exe, "-C", src, "list", "-o", "json"], None),
        ("list", [exe, "-C", src, "list"], None),
        ("validate", [exe, "-C", src, "validate"], None),
        (f"create side --to every one ({len(ids)})",
         [exe, "-C", copy, "-q", "create", "side", "--image", "example/side:1.0", *to_args(ids)],
         fresh),
        (f"clone {clone_sidecar} --to every one, skip",
         [exe, "-C", copy, "-q", "clone", clone_sidecar, "--from", clone_from, *to_args(ids),
          "--on-conflict", "skip"], fresh),
        (f"edit envoy --all {edit[0]}", [exe, "-C", copy, "-q", "edit", "envoy", "--all", *edit],
         fresh),
        ("delete envoy --all --yes", [exe, "-C", copy, "-q", "delete", "envoy", "--all", "--yes"],
         fresh),
    ]


def describe_fs(path):
    """Device, type and options of the file system holding `path`, and whether ext4 journals."""
    out = subprocess.run(["findmnt", "-n", "-T", path, "-o", "SOURCE,FSTYPE,OPTIONS"],
                         capture_output=True, text=True).stdout.split()
    if len(out) < 2:
        return "unknown"
    if out[1] == "ext4":
        dev = os.path.basename(out[0])
        jbd2 = os.listdir("/proc/fs/jbd2") if os.path.isdir("/proc/fs/jbd2") else []
        out.append("journal" if any(j.startswith(dev + "-") for j in jbd2) else "NO JOURNAL")
    return " ".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "sidecarctl"))
    ap.add_argument("--dir", help="where to generate the projects (default: a temporary folder)")
    ap.add_argument("--fuzz", type=int, default=3000, metavar="N",
                    help="then run N cases of the Kubernetes differential fuzz (0: none)")
    ap.add_argument("--fuzz-bin", default=os.path.join(HERE, "..", "target", "debug", "sidecarctl"),
                    help="the binary the fuzz runs (a debug build checks more of itself)")
    ap.add_argument("--fuzz-seed", type=int, default=2)
    args = ap.parse_args()
    if args.fuzz and not os.path.exists(args.fuzz_bin):
        sys.exit(f"{args.fuzz_bin} is missing (cargo build), or pass --fuzz 0")
    if not os.path.exists(TIME):
        sys.exit("needs GNU time at /usr/bin/time (Debian: apt-get install time)")
    exe = os.path.abspath(args.bin)
    work = tempfile.mkdtemp(prefix="sidecarctl-bench-", dir=args.dir)
    print(f"# file system: {describe_fs(work)}; {os.cpu_count()} cores")
    print(f"{'services':>8} {'command':<34} {'median ms':>10} {'peak MiB':>9} {'x cat':>7} {'x pyyaml':>9}")
    try:
        for n in [int(s) for s in args.sizes.split(",") if s]:
            src = os.path.join(work, f"p{n}")
            subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), src, str(n)], check=True)
            files = sorted(os.path.join(src, "services", f) for f in os.listdir(os.path.join(src, "services")))
            size = sum(os.path.getsize(f) for f in files)
            copy = os.path.join(work, f"c{n}")

            def fresh():
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(src, copy)

            cat = bench(["sh", "-c", f"find {src}/services -name '*.yaml' -exec cat {{}} + > /dev/null"], args.runs)
            py = bench([sys.executable, os.path.join(HERE, "pyyaml_load.py"), src], max(1, args.runs // 2))
            targets = ",".join(f"new-{i:04d}" for i in range(1000))
            # The floor of any atomic writer: write a temporary file beside each file and rename it
            # over the original, then one flush (what `edit --all` must do to the same files).
            floor = [sys.executable, "-c", (
                "import os,sys,glob\n"
                "for p in glob.glob(sys.argv[1] + '/services/svc-*.yaml'):\n"
                "    t = p + '.tmp'\n"
                "    with open(p, 'rb') as f: data = f.read()\n"
                "    with open(t, 'wb') as f: f.write(data)\n"
                "    os.replace(t, p)\n"
                "os.sync()\n"), copy]
            rows = [
                ("cat (baseline)", cat),
                ("pyyaml CLoader (baseline)", py),
                ("temp+rename floor (baseline)", bench(floor, args.runs, setup=fresh)),
                ("list -o json", bench([exe, "-C", src, "list", "-o", "json"], args.runs)),
                ("validate", bench([exe, "-C", src, "validate"], args.runs)),
                ("show envoy --service svc-00001", bench([exe, "-C", src, "show", "envoy", "--service", "svc-00001"], args.runs)),
                ("edit envoy --all --cpu-limit 250m", bench([exe, "-C", copy, "edit", "envoy", "--all", "--cpu-limit", "250m", "-q"], args.runs, setup=fresh)),
                ("clone envoy --to 1000 services", bench([exe, "-C", copy, "clone", "envoy", "--from", "svc-00000", "--to", targets, "-q"], args.runs, setup=fresh)),
            ]
            print(f"# {n} services + 1000 without sidecars, {len(files)} files, {size / 1e6:.1f} MB")
            for name, (t, m) in rows:
                print(f"{n:>8} {name:<34} {t * 1000:>10.1f} {m:>9.1f} {t / cat[0]:>7.2f} {t / py[0]:>9.3f}")
            print(f"{n:>8} {'(repository bytes, MiB)':<34} {'':>10} {size / 2**20:>9.1f}")
            # Memory: every command, to every service, against the bytes it reads.
            ids = [os.path.basename(f).rsplit(".", 1)[0] for f in files]
            print(f"# memory, {n} services + 1000 without sidecars ({size / 2**20:.1f} MiB)")
            memory_rows(size, change_rows(exe, src, copy, fresh, ids, "svc-00000", "otel-collector",
                                          ["--cpu-limit", "250m"]), max(1, args.runs // 2))
            shutil.rmtree(copy, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.fuzz:
        fuzz(args)


def fuzz(args):
    """The differential fuzz of tests/k8s_fuzz.py, longer than CI's run: its summary (cases,
    failures by class, time a case) and a shrunk reproducer of each class its KNOWN list does
    not name."""
    print(f"# Kubernetes differential fuzz: {args.fuzz} cases, seed {args.fuzz_seed}", flush=True)
    subprocess.run([sys.executable, os.path.join(HERE, "..", "tests", "k8s_fuzz.py"),
                    "--bin", os.path.abspath(args.fuzz_bin), "--seed", str(args.fuzz_seed),
                    "--cases", str(args.fuzz), "--shrink", "1"])


if __name__ == "__main__":
    main()
