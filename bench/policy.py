#!/usr/bin/env python3
"""`validate` with a full sidecar policy (SPEC §9: every rule, an exemption, a severity) against
`validate` without one, side by side on the same Kubernetes tree (bench/k8s_tree.py's, N
workloads): the two projects differ only in their project file. Runs alternate (without,
with, without, …) so both see the same machine; each run's CPU time (user + system, from
os.times of the reaped children) and wall time are taken, and the medians and their ratios printed. CPU time is the
figure to read on a shared machine; wall time when it is quiet.

    python3 bench/policy.py [--size 10000] [--runs 7] [--bin target/release/sidecarctl] [--dir D]
                            [--instructions]

Two trees: the generator's (a drifted fleet: the policy finds ~22,000 problems at 10,000
workloads, so the figure includes reporting them) and the same tree aligned (one image per
sidecar, a startupProbe on every native sidecar: the policy's checks with few findings).
With --instructions each command is also counted once under callgrind (deterministic, unlike a
shared machine's times).

`validate` exits 1 when the policy finds errors (it does, by design): both exit codes are
accepted, any other fails the run."""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PLAIN = "name: bench\nformat: kubernetes\n"
POLICY = PLAIN + """policy:
  required:
    - sidecar: fluent-bit
      where: {namespace: ["team-0*", "team-1*"], kind: [Deployment, StatefulSet], selector: "app.kubernetes.io/name!=wl-000001"}
    - sidecar: envoy
  registries: [docker.io/envoyproxy/, cr.fluentbit.io/, docker.io/otel/]
  pinning: tag
  resources: [requests, limits]
  nativeStartupProbe: true
  jobSidecars: native
  singleVersion: true
  exempt:
    - {image: "docker.io/otel/opentelemetry-collector-contrib:*", rules: [resources, pinning]}
  severity: {pinning: warning, singleVersion: warning}
"""


def run(exe, project):
    """(cpu seconds, wall seconds, diagnostics lines) of one `validate`."""
    start = time.perf_counter()
    proc = subprocess.Popen([exe, "-C", project, "validate"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    code = proc.returncode
    if code not in (0, 1):
        sys.exit(f"validate failed ({code}): {err.decode()[:500]}")
    return wall, out.count(b"\n")


def cpu_of(exe, project):
    """CPU seconds (user + system) and wall seconds of one run, and its output's lines."""
    before = os.times()
    wall, lines = run(exe, project)
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu, wall, lines


def align(src, dst):
    """A copy of the tree at `src` with one image per sidecar name and a startupProbe beside
    each native sidecar's `restartPolicy: Always`."""
    shutil.copytree(src, dst)
    subs = [(re.compile(r"(envoyproxy/envoy:v1\.31\.)\d+"), r"\g<1>2"),
            (re.compile(r"(fluent-bit:3\.1\.)\d+"), r"\g<1>4"),
            (re.compile(r"(opentelemetry-collector-contrib:0\.11)\d(\.0)"), r"\g<1>5\2"),
            (re.compile(r"^( *)restartPolicy: Always$", re.M),
             r"\g<0>\n\1startupProbe: {tcpSocket: {port: 15000}}")]
    for folder, _, files in os.walk(os.path.join(dst, "apps")):
        for name in files:
            path = os.path.join(folder, name)
            with open(path) as f:
                text = f.read()
            for pattern, repl in subs:
                text = pattern.sub(repl, text)
            with open(path, "w") as f:
                f.write(text)


def instructions(exe, project):
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          exe, "-C", project, "validate"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))


def side_by_side(exe, plain, full, runs, count, label):
    rows = {"without": [], "with": []}
    for project in (plain, full):
        cpu_of(exe, project)  # warm-up: page cache, binary
    for _ in range(runs):
        for key, project in (("without", plain), ("with", full)):
            rows[key].append(cpu_of(exe, project))
    med = {k: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v))
           for k, v in rows.items()}
    lines = {k: v[0][2] for k, v in rows.items()}
    print(f"{label}: {runs} alternating runs (medians)")
    print(f"{'':26}{'cpu s':>8}{'wall s':>8}{'lines':>8}{'instructions':>16}")
    ins = {}
    for k, project in (("without", plain), ("with", full)):
        ins[k] = instructions(exe, project) if count else 0
        print(f"{'validate ' + k + ' policy':26}{med[k][0]:8.3f}{med[k][1]:8.3f}{lines[k]:8d}"
              f"{ins[k]:16,d}")
    ratio = f"cpu {med['with'][0] / med['without'][0]:.3f}, wall {med['with'][1] / med['without'][1]:.3f}"
    if count:
        ratio += f", instructions {ins['with'] / ins['without']:.3f}"
    print(f"ratio with/without: {ratio} (bound 1.3)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "sidecarctl"))
    ap.add_argument("--dir")
    ap.add_argument("--instructions", action="store_true")
    a = ap.parse_args()
    exe = os.path.abspath(a.bin)
    work = a.dir or tempfile.mkdtemp(prefix="sidecarctl-policy-bench-")
    plain, full = os.path.join(work, "plain"), os.path.join(work, "policy")
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "k8s_tree.py"), "gen", plain,
                        str(a.size)], check=True) if not os.path.isdir(plain) else None
        with open(os.path.join(plain, "sidecarctl.yaml"), "w") as f:
            f.write(PLAIN)
        if not os.path.isdir(full):
            shutil.copytree(plain, full)
        with open(os.path.join(full, "sidecarctl.yaml"), "w") as f:
            f.write(POLICY)
        side_by_side(exe, plain, full, a.runs, a.instructions,
                     f"validate on {a.size} workloads, the generated (drifted) tree")
        aligned_plain, aligned_full = plain + "-aligned", full + "-aligned"
        for src, dst in ((plain, aligned_plain), (full, aligned_full)):
            if not os.path.isdir(dst):
                align(src, dst)
        side_by_side(exe, aligned_plain, aligned_full, a.runs, a.instructions,
                     f"validate on {a.size} workloads, the tree aligned")
    finally:
        if not a.dir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
