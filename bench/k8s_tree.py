#!/usr/bin/env python3
"""A synthetic GitOps tree of Kubernetes manifests, and the baselines a `kubernetes` project is
measured against.

    python3 bench/k8s_tree.py gen DIR N          # N workloads in N/5 multi-document files
    python3 bench/k8s_tree.py bench [--sizes 1000,10000] [--runs 5] [--dir D] [--bin SIDECARCTL]
    python3 bench/k8s_tree.py memory [--sizes 10000] [--runs 3] [--dir D] [--bin SIDECARCTL]

`gen` is deterministic (seeded): mixed kinds (Deployment, StatefulSet, DaemonSet, CronJob, Job,
Pod), 1-3 sidecars each (envoy always, as the one every bulk edit targets), about a quarter of
them native (initContainers with restartPolicy: Always), comments, two list styles, namespaces on
some, Services and ConfigMaps between the workloads; about 1.6 KB per workload all told, so
10,000 workloads make about 16 MB.

`bench` times, on a tree of each size, what any tool must pay: `cat` of every file, PyYAML's C
loader over every document, the floor of an atomic writer (a temporary file beside every file,
one sync, a rename per file), and the offline kubectl equivalent of a bulk image edit,
`kubectl set image --local -R -f DIR envoy=IMAGE -o yaml` (it prints the changed objects instead
of writing files; it exits 1 because Services and ConfigMaps have no pod template, after doing
the work for every workload). Beside them, sidecarctl (`--bin`, by default the release build)
on the same tree: `list -o json`, `validate` and `edit envoy --all --image`. `memory` runs
every command (`list` in both outputs, `validate`, `create` and `clone` to every workload,
`edit` and `delete --all`) and prints its peak memory over the bytes it reads. Every command is
run once to warm up, then --runs rounds of all of them in turn; each row prints its median
time, its peak memory, and the median over the rounds of its time over `cat`'s and over the
floor's in the same round (the ratios the issue sets), so that a busy spell of a shared
machine weighs on every row alike; in a round, each ratio's two commands run one after the
other. Every write starts from a fresh copy of the tree that has rested 2.1 s; the edit runs
once more on a copy written just before.
"""
import argparse
import glob
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the repository
from run import change_rows, describe_fs, measure, memory_rows  # noqa: E402  (the mia bench's helpers)

PER_FILE = 5
FILES_PER_FOLDER = 100
NEW_ENVOY = "envoyproxy/envoy:v1.32.1"
KINDS = ["Deployment"] * 12 + ["StatefulSet"] * 3 + ["CronJob"] * 2 + ["DaemonSet", "Job", "Pod"]
SIDECARS = {
    "envoy": ("envoyproxy/envoy:v1.31.{v}", ["-c", "/etc/envoy/envoy.yaml"], "envoy-config"),
    "fluent-bit": ("cr.fluentbit.io/fluent/fluent-bit:3.1.{v}", [], "fluent-bit-config"),
    "otel-collector": ("otel/opentelemetry-collector-contrib:0.11{v}.0",
                       ["--config=/conf/collector.yaml"], "otel-collector-config"),
}


def container(name, image, args, mount, rnd, d, ind, native=False):
    """A container entry at list depth `d` (the column of its `- `); its own lists are indented
    by `ind` (0 or 2) under their keys."""
    p = " " * d
    q = p + " " * ind
    lines = [f"{p}- name: {name}"]
    if rnd.random() < 0.2:
        lines.append(f"{p}  # pinned: see the runbook before upgrading")
    lines.append(f"{p}  image: {image}")
    if native:
        lines.append(f"{p}  restartPolicy: Always")
    if args:
        lines.append(f"{p}  args: [{', '.join(repr(a) for a in args)}]")
    if rnd.random() < 0.3:
        lines += [f"{p}  ports:", f"{q}  - containerPort: {8000 + rnd.randint(0, 999)}"]
    req = (f"{rnd.choice([10, 25, 50, 100])}m", f"{rnd.choice([32, 64, 128])}Mi")
    lim = (f"{rnd.choice([100, 200, 500])}m", f"{rnd.choice([128, 256])}Mi")
    if rnd.random() < 0.5:  # flow maps, as many hand-written files have
        lines += [f"{p}  resources:", f"{p}    requests: {{cpu: {req[0]}, memory: {req[1]}}}",
                  f'{p}    limits: {{cpu: {lim[0]}, memory: "{lim[1]}"}}']
    else:
        lines += [f"{p}  resources:", f"{p}    requests:", f"{p}      cpu: {req[0]}",
                  f"{p}      memory: {req[1]}", f"{p}    limits:", f"{p}      cpu: {lim[0]}",
                  f'{p}      memory: "{lim[1]}"']
    if mount:
        lines += [f"{p}  volumeMounts:", f"{q}  - name: {mount}", f"{q}    mountPath: /etc/{name}"]
    return lines


def workload(i, rnd):
    """(name, kind, lines) of workload number i, 2-space indented."""
    kind = rnd.choice(KINDS)
    name = f"wl-{i:06d}"
    ns = rnd.random() < 0.6
    extra = rnd.choices([0, 1, 2], weights=[50, 35, 15])[0]
    sidecars = ["envoy"] + rnd.sample(["fluent-bit", "otel-collector"], extra)
    native = kind in ("CronJob", "Job") or rnd.random() < 0.2
    api = {"Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1",
           "CronJob": "batch/v1", "Job": "batch/v1", "Pod": "v1"}[kind]
    lines = [f"apiVersion: {api}", f"kind: {kind}", "metadata:", f"  name: {name}"]
    if ns:
        lines.append(f"  namespace: team-{i % 23:02d}")
    lines += ["  labels:", f"    app.kubernetes.io/name: {name}"]
    # Where the pod spec is, and at which column its keys start.
    if kind == "Pod":
        lines.append("spec:")
        d = 2
    else:
        lines.append("spec:")
        if kind == "CronJob":
            lines += [f'  schedule: "{i % 60} {i % 24} * * *"', "  jobTemplate:", "    spec:"]
            base = 6
        elif kind == "Job":
            base = 2
            lines.append("  backoffLimit: 3")
        else:
            base = 2
            if kind != "DaemonSet":
                lines.append(f"  replicas: {1 + i % 4}")
            if kind == "StatefulSet":
                lines.append(f"  serviceName: {name}")
            lines += ["  selector:", "    matchLabels:", f"      app.kubernetes.io/name: {name}"]
        b = " " * base
        lines += [f"{b}template:", f"{b}  metadata:", f"{b}    labels:",
                  f"{b}      app.kubernetes.io/name: {name}"]
        if rnd.random() < 0.3:
            lines += [f"{b}    annotations:", f'{b}      prometheus.io/scrape: "true"']
        lines.append(f"{b}  spec:")
        d = base + 4
    p = " " * d
    if kind in ("CronJob", "Job"):
        lines.append(f"{p}restartPolicy: OnFailure")
    # Half the files indent their lists under the key, half write `- ` at the key's column.
    ind = 2 if i % 2 else 0
    li = d + ind
    app = container(name, f"registry.example.com/shop/{name}:{1 + i % 9}.{i % 20}.0",
                    [], f"{name}-config", rnd, li, ind)
    side = [container(s, SIDECARS[s][0].format(v=rnd.randint(0, 9)), SIDECARS[s][1],
                      SIDECARS[s][2], rnd, li, ind, native) for s in sidecars]
    if native:
        lines.append(f"{p}initContainers:")
        for s in side:
            lines += s
    lines.append(f"{p}containers:")
    lines += app
    if not native:
        for s in side:
            lines.append(f"{' ' * li}# sidecar")
            lines += s
    lines.append(f"{p}volumes:")
    for v in [f"{name}-config"] + [SIDECARS[s][2] for s in sidecars]:
        lines += [f"{' ' * li}- name: {v}", f"{' ' * li}  configMap:", f"{' ' * li}    name: {v}"]
    return name, kind, lines


def service(name, i):
    return ["apiVersion: v1", "kind: Service", "metadata:", f"  name: {name}", "spec:",
            "  selector:", f"    app.kubernetes.io/name: {name}", "  ports:",
            "  - port: 80", f"    targetPort: {8000 + i % 1000}"]


def config_map(name):
    return ["apiVersion: v1", "kind: ConfigMap", "metadata:", f"  name: {name}-config", "data:",
            "  app.properties: |", "    log.level=info", f"    app.name={name}"]


def gen(root, n):
    rnd = random.Random(753)
    for f in range((n + PER_FILE - 1) // PER_FILE):
        folder = os.path.join(root, "apps", f"group-{f // FILES_PER_FOLDER:03d}")
        os.makedirs(folder, exist_ok=True)
        docs = []
        for i in range(f * PER_FILE, min(n, (f + 1) * PER_FILE)):
            name, kind, lines = workload(i, rnd)
            head = [f"# {name}: owned by team-{i % 23:02d}"]
            docs.append("\n".join(head + lines))
            if kind in ("Deployment", "StatefulSet") and rnd.random() < 0.5:
                docs.append("\n".join(service(name, i)))
            if rnd.random() < 0.2:
                docs.append("\n".join(config_map(name)))
        lead = "---\n" if f % 3 == 0 else ""
        text = lead + "\n---\n".join(docs) + "\n"
        if f % 4 == 0:
            text += "---\n"  # an empty trailing document, as Helm output has
        with open(os.path.join(folder, f"manifests-{f:05d}.yaml"), "w") as out:
            out.write(text)


def files_of(root):
    return sorted(glob.glob(os.path.join(root, "apps", "*", "*.yaml")))


def load(root):
    """Baseline: every document through PyYAML's C loader; prints the container count."""
    import yaml
    count = 0
    for path in files_of(root):
        with open(path, "rb") as f:
            for doc in yaml.load_all(f, Loader=yaml.CSafeLoader):
                spec = doc and (doc.get("spec") or {})
                while spec and "containers" not in spec:
                    spec = spec.get("template", spec.get("jobTemplate", {})).get("spec")
                if spec:
                    count += len(spec.get("containers") or []) + len(spec.get("initContainers") or [])
    print(count)


CAT, FLOOR = "cat (baseline)", "temp + one sync + rename floor"

# How long a copied tree rests before it is edited: past the 2 s within which sidecarctl reads a
# file again rather than trust its times.
SETTLE_S = 2.1


def floor(root):
    """Baseline: the floor of an atomic writer: a temporary file beside every file, one sync,
    then a rename per file."""
    write_atomically(files_of(root))


def write_atomically(paths):
    """The floor's work over `paths` (also `helm.py`'s, over its values files)."""
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        with open(p + ".tmp", "wb") as f:
            f.write(data)
    os.sync()
    for p in paths:
        os.replace(p + ".tmp", p)


def kubectl_set_image(tree):
    """The command line of the kubectl baseline: a shell that accepts kubectl's exit code 1
    (the Services and ConfigMaps it cannot change) but not a crash."""
    return ["sh", "-c", f"kubectl set image --local -R -f {tree}/apps envoy={NEW_ENVOY} -o yaml "
            ">/dev/null 2>&1; [ $? -le 1 ]"]


def check_kubectl(tree, workloads):
    """kubectl really changes every workload's envoy, or its timing means nothing."""
    out = subprocess.run(["kubectl", "set", "image", "--local", "-R", "-f", f"{tree}/apps",
                          f"envoy={NEW_ENVOY}", "-o", "yaml"], capture_output=True, text=True)
    changed = out.stdout.count(f"image: {NEW_ENVOY}")
    if changed != workloads:
        sys.exit(f"kubectl set image changed {changed} of {workloads} envoys:\n{out.stderr[:2000]}")


def rounds(rows, runs):
    """Each command of `rows` (name, argv, setup) once to warm up, then `runs` rounds of every
    command in turn: a slow minute of a shared machine falls on every row alike. Returns each
    row's times and peaks, round by round."""
    for _, cmd, setup in rows:
        measure(cmd, setup=setup)
    times = {name: [] for name, _, _ in rows}
    peaks = {name: [] for name, _, _ in rows}
    for _ in range(runs):
        for name, cmd, setup in rows:
            t, m = measure(cmd, setup=setup)
            times[name].append(t)
            peaks[name].append(m)
    return times, peaks


def ratio(times, baseline):
    """The median, over the rounds, of a row's time over the baseline's in the same round."""
    return statistics.median(t / b for t, b in zip(times, baseline))


def memory(exe, args):
    """Every sidecarctl command on a tree of each size: its peak memory over the bytes it reads
    (list, validate, create and clone to every workload, edit and delete --all)."""
    work = tempfile.mkdtemp(prefix="sidecarctl-k8s-memory-", dir=args.dir)
    print(f"# file system: {describe_fs(work)}; {os.cpu_count()} cores")
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            src = os.path.join(work, f"t{n}")
            gen(src, n)
            size = sum(os.path.getsize(f) for f in files_of(src))
            copy = os.path.join(work, f"c{n}")

            def fresh():
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(src, copy)
                time.sleep(SETTLE_S)

            listed = json.loads(subprocess.run([exe, "-C", src, "list", "-o", "json"],
                                               capture_output=True, check=True).stdout)
            uses = {s["name"]: [u["service"] for u in s["services"]] for s in listed["sidecars"]}
            ids = sorted({i for v in uses.values() for i in v})
            print(f"# {n} workloads, {size / 1e6:.1f} MB")
            memory_rows(size, change_rows(exe, src, copy, fresh, ids, uses["fluent-bit"][0],
                                          "fluent-bit", ["--image", NEW_ENVOY]), args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("gen", "load", "floor"):
        cmd, args = sys.argv[1], sys.argv[2:]
        if cmd == "gen":
            gen(args[0], int(args[1]))
        else:
            {"load": load, "floor": floor}[cmd](args[0])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["bench", "memory"])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", help="where to generate the trees (default: a temporary folder)")
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "release", "sidecarctl"),
                    help="the sidecarctl to time beside the baselines (skipped when missing)")
    args = ap.parse_args()
    exe = os.path.abspath(args.bin) if os.path.exists(args.bin) else None
    if args.mode == "memory":
        return memory(exe, args)
    if shutil.which("kubectl") is None:
        sys.exit("needs kubectl on PATH")
    work = tempfile.mkdtemp(prefix="sidecarctl-k8s-bench-", dir=args.dir)
    me = os.path.abspath(__file__)
    print(f"# file system: {describe_fs(work)}; {os.cpu_count()} cores")
    print(f"{'workloads':>9} {'command':<40} {'median ms':>10} {'peak MiB':>9} {'x cat':>7} "
          f"{'x floor':>7}")
    try:
        for n in [int(s) for s in args.sizes.split(",")]:
            src = os.path.join(work, f"t{n}")
            gen(src, n)
            files = files_of(src)
            size = sum(os.path.getsize(f) for f in files)
            copy = os.path.join(work, f"c{n}")

            def fresh():
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(src, copy)
                # A repository's files were written more than a moment before someone edits
                # them: sidecarctl then trusts the `stat` it took as it read each file, where
                # a file written within 2 s of that read is read again before it is replaced.
                time.sleep(SETTLE_S)

            def just_written():
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(src, copy)

            check_kubectl(src, n)
            rows = [
                (CAT,
                 ["sh", "-c", f"find {src}/apps -name '*.yaml' -exec cat {{}} + > /dev/null"], None),
                ("pyyaml CLoader, every document", [sys.executable, me, "load", src], None),
                (FLOOR, [sys.executable, me, "floor", copy], fresh),
                ("kubectl set image --local -R -o yaml", kubectl_set_image(src), None),
            ]
            if exe:
                # The tree has no sidecarctl.yaml: a folder of manifests is a project as it is.
                rows += [
                    ("sidecarctl list -o json", [exe, "-C", src, "list", "-o", "json"], None),
                    ("sidecarctl validate", [exe, "-C", src, "validate"], None),
                    ("sidecarctl edit envoy --all --image",
                     [exe, "-C", copy, "-q", "edit", "envoy", "--all", "--image", NEW_ENVOY], fresh),
                    ("  the same, files written just before",
                     [exe, "-C", copy, "-q", "edit", "envoy", "--all", "--image", NEW_ENVOY],
                     just_written),
                ]
            # In a round, each ratio's two commands run one after the other (`cat`, then what
            # is measured against it; the floor, then the edits), so that both meet the shared
            # machine in the same state; the slow baselines come last.
            order = [CAT, "sidecarctl list -o json", "sidecarctl validate", FLOOR,
                     "sidecarctl edit envoy --all --image", "  the same, files written just before"]
            run = sorted(rows, key=lambda r: order.index(r[0]) if r[0] in order else len(order))
            times, peaks = rounds(run, args.runs)
            print(f"# {n} workloads, {len(files)} files, {size / 1e6:.1f} MB "
                  f"({size / n / 1000:.2f} KB per workload)")
            for name, _, _ in rows:
                t = statistics.median(times[name])
                print(f"{n:>9} {name:<40} {t * 1000:>10.1f} {max(peaks[name]):>9.1f} "
                      f"{ratio(times[name], times[CAT]):>7.2f} "
                      f"{ratio(times[name], times[FLOOR]):>7.2f}")
            shutil.rmtree(copy, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
