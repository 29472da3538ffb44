# Reads YAML files before and after a change with libyaml (PyYAML's CSafeLoader), an
# implementation independent of sidecarctl's own reader, and prints one line per problem.
# stdin: {"name": NAME | [NAMES] | null, "files": [[label, old_path | null, new_path]],
#         "texts": [[label, old_text, new_text, NAMES?]]} (a text's own NAMES win)
# A service file may change only in its entries of those names (null: of one name at most):
# everything outside additionalContainers equal, other entries equal and in the same order.
# A Kubernetes manifest (every document read) may change only in the containers of those names
# and in pod volumes added or removed whole. Any other file must parse. Exit 3 when PyYAML with libyaml is missing.
import json, sys
try:
    import yaml
    Loader = yaml.CSafeLoader
except (ImportError, AttributeError):
    sys.exit(3)
req = json.load(sys.stdin)
names = req.get("name")
if isinstance(names, str):
    names = [names]
def load(text):
    return yaml.load(text, Loader=Loader)
def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()
def as_list(n):
    return [n] if isinstance(n, str) else n
pairs = [(rel, None if old is None else read(old), read(new), names) for rel, old, new in req.get("files", [])]
pairs += [(t[0], t[1], t[2], as_list(t[3]) if len(t) > 3 else names) for t in req.get("texts", [])]
def is_service(d):
    return isinstance(d, dict) and ("dockerImage" in d or "additionalContainers" in d)
def entries(d):
    return (d.get("additionalContainers") or []) if isinstance(d, dict) else []
def label(e):
    return e.get("name") if isinstance(e, dict) else None
POD_SPEC = {"Pod": ["spec"], "CronJob": ["spec", "jobTemplate", "spec", "template", "spec"]}
for kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController",
             "Job", "Rollout"):
    POD_SPEC[kind] = ["spec", "template", "spec"]
def is_manifest(docs):
    return any(isinstance(d, dict) and "apiVersion" in d and "kind" in d for d in docs)
def pod_specs(doc):
    """(label, pod spec) of each workload in a document, a `kind: List`'s items included."""
    items = (doc.get("items") or []) if isinstance(doc, dict) and doc.get("kind") == "List" else [doc]
    out = []
    for n, r in enumerate(items):
        spec = r
        for key in POD_SPEC.get(r.get("kind"), [None]) if isinstance(r, dict) else [None]:
            spec = spec.get(key) if isinstance(spec, dict) and key else None
        if isinstance(spec, dict):
            out.append((f"item {n}", spec))
    return out
def check_manifest(rel, before, after, names):
    """A manifest may change only in the containers and init containers of those names and in
    its pods' volumes (added or removed whole; a volume kept is kept as it was, in order)."""
    if len(before) != len(after):
        print(f"{rel}: {len(before)} documents before, {len(after)} after")
        return
    for i, (b, a) in enumerate(zip(before, after)):
        sb, sa = pod_specs(b), pod_specs(a)
        if len(sb) != len(sa):
            print(f"{rel}: document {i}: other workloads")
            continue
        pairs = list(zip(sb, sa))
        for (_, pb), (_, pa) in pairs:
            rest = lambda s: {k: v for k, v in s.items() if k not in ("containers", "initContainers", "volumes")}
            if rest(pb) != rest(pa):
                print(f"{rel}: document {i}: the pod spec changed outside its containers and volumes")
            def others(s):
                return [[e for e in (s.get(k) or []) if label(e) not in (names or [])] for k in ("containers", "initContainers")]
            if names is not None and others(pb) != others(pa):
                print(f"{rel}: document {i}: containers other than {names!r} changed or moved")
            vb = {label(v): v for v in pb.get("volumes") or []}
            va = {label(v): v for v in pa.get("volumes") or []}
            kept = [n for n in vb if n in va]
            if [vb[n] for n in kept] != [va[n] for n in kept] or kept != [n for n in va if n in vb]:
                print(f"{rel}: document {i}: a kept volume changed or moved")
        # Outside the pod specs, the document is the same: blank the specs out and compare.
        for (_, pb), (_, pa) in pairs:
            for s in (pb, pa):
                for k in ("containers", "initContainers", "volumes"):
                    s.pop(k, None)
        if b != a:
            print(f"{rel}: document {i} changed outside its pod specs")
for rel, old, new, names in pairs:
    try:
        docs = list(yaml.load_all(new, Loader=Loader))
    except yaml.YAMLError as e:
        print(f"{rel}: libyaml cannot read the written file: {e}".replace("\n", " "))
        continue
    if is_manifest(docs):
        if old is not None:
            try:
                check_manifest(rel, list(yaml.load_all(old, Loader=Loader)), docs, names)
            except yaml.YAMLError:
                pass
        continue
    try:
        after = load(new)
    except yaml.YAMLError as e:
        print(f"{rel}: libyaml cannot read the written file: {e}".replace("\n", " "))
        continue
    if old is None:
        continue
    try:
        before = load(old)
    except yaml.YAMLError:
        continue
    if not (is_service(before) and is_service(after)):
        continue
    rest = lambda d: {k: v for k, v in d.items() if k != "additionalContainers"}
    if rest(before) != rest(after):
        keys = sorted(k for k in set(rest(before)) | set(rest(after)) if rest(before).get(k) != rest(after).get(k))
        print(f"{rel}: outside additionalContainers, {keys} changed")
    old_e, new_e = entries(before), entries(after)
    changed = {label(e) for e in old_e if e not in new_e} | {label(e) for e in new_e if e not in old_e}
    targets = names
    if targets is None:
        targets = list(changed)[:1]
    others = lambda es: [e for e in es if label(e) not in targets]
    if others(old_e) != others(new_e):
        shown = targets[0] if len(targets) == 1 else targets
        print(f"{rel}: entries other than {shown!r} changed or moved: {sorted(map(str, changed))}")
