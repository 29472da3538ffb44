# Reads YAML files before and after a change with libyaml (PyYAML's CSafeLoader), an
# implementation independent of sidecarctl's own reader, and prints one line per problem.
# stdin: {"name": NAME | [NAMES] | null, "files": [[label, old_path | null, new_path]],
#         "texts": [[label, old_text, new_text, NAMES?]]} (a text's own NAMES win)
# A service file may change only in its entries of those names (null: of one name at most):
# everything outside additionalContainers equal, other entries equal and in the same order.
# In a Console project file (.json or .yaml, `services` or `config.services`) the same holds
# for each service; configMaps and serviceSecrets only gain entries. .json files are read with
# python3's json (strict: no duplicate keys, no NaN); one that was exactly json.dumps of its
# data (any indent, escaping, key order) must still be. A Kubernetes manifest (every document
# read) may change only in the containers of those names and in pod volumes added or removed
# whole; a HelmRelease's or an Application's Helm values, and a values file (Chart.yaml beside
# it, or in a `values` folder), only in the entries of those names of the container lists of
# SPEC §8.2 (lists stay, emptied as []). Any other file must parse. Exit 3 when PyYAML with libyaml is missing.
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
def strict_pairs(pairs):
    keys = [k for k, _ in pairs]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ValueError(f"duplicate keys {dup}")
    return dict(pairs)
def no_constant(name):
    raise ValueError(f"{name} is not JSON")
def load(text, rel=""):
    # A .json file must stay strict JSON: python3's json, no duplicate keys, no NaN.
    if rel.endswith(".json"):
        return json.loads(text, object_pairs_hook=strict_pairs, parse_constant=no_constant)
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
def check_service(rel, before, after, names):
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
def pruned(v, names):
    """`v` without the containers `names`, the volumes, and the mappings and lists that held
    only them: a kustomize patch that held only those containers keeps its identification."""
    if isinstance(v, list):
        return [pruned(x, names) for x in v]
    if not isinstance(v, dict):
        return v
    out = {}
    for k, x in v.items():
        if k == "volumes":
            continue
        if k in ("containers", "initContainers") and isinstance(x, list):
            x = [e for e in x if label(e) not in names]
        x = pruned(x, names)
        if x not in ({}, []):
            out[k] = x
    return out
def check_patch(rel, before, after, names):
    """A kustomize patch whose document held only the containers `names` (with their volumes)
    loses that document, or keeps it naming its target only; the other documents change only
    in those containers and their volumes."""
    only_names = lambda d: isinstance(d, dict) and set(d) <= {"apiVersion", "kind", "metadata"}
    kept = lambda docs: [d for d in (pruned(x, names) for x in docs) if not only_names(d)]
    if kept(before) != kept(after):
        print(f"{rel}: the patch changed otherwise than losing {names!r}")
def check_manifest(rel, before, after, names):
    """A manifest may change only in the containers and init containers of those names and in
    its pods' volumes (added or removed whole; a volume kept is kept as it was, in order)."""
    emptied = len(before) != len(after) or any(
        len(pod_specs(b)) != len(pod_specs(a)) for b, a in zip(before, after))
    if names is not None and emptied:
        check_patch(rel, before, after, names)
        return
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
        if strip_helm(b, names) != strip_helm(a, names):
            print(f"{rel}: document {i} changed outside its pod specs and Helm values")
HELM_KEYS = ("sidecars", "extraContainers", "sidecarContainers", "extraInitContainers", "initContainers")
def strip_helm(v, names):
    """`v` without the entries of `names` (None: every container) in its Helm container lists;
    a list left empty goes too (a key `create` adds where the project names it; that `delete`
    keeps `[]` is for the case's out/ to show)."""
    gone = lambda n: names is None or n in names
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in HELM_KEYS and isinstance(x, list) and all(isinstance(e, dict) and "image" in e for e in x):
                kept = [e for e in x if not gone(label(e))]
                if kept:
                    out[k] = kept
            elif k in HELM_KEYS and isinstance(x, dict) and x and all(isinstance(e, dict) and "image" in e for e in x.values()):
                out[k] = {n: e for n, e in x.items() if not gone(n)}
            else:
                out[k] = strip_helm(x, names)
        return out
    if isinstance(v, list):
        return [strip_helm(x, names) for x in v]
    return v
def check_helm_values(rel, before, after, names):
    if len(before) != len(after):
        print(f"{rel}: {len(before)} documents before, {len(after)} after")
        return
    for i, (b, a) in enumerate(zip(before, after)):
        if strip_helm(b, names) != strip_helm(a, names):
            print(f"{rel}: document {i}: Helm values changed outside the entries of {names!r}")
def console_services(d):
    """The services of a Console configuration (describe output or api-console-config.json)."""
    if isinstance(d, dict) and isinstance(d.get("config"), dict):
        d = d["config"]
    return d.get("services") if isinstance(d, dict) and isinstance(d.get("services"), dict) else None
def check_console(rel, before, after, names):
    """Each service changes only as a service file may; configMaps and serviceSecrets only gain
    entries; nothing else in the file changes."""
    def config(d):
        return d["config"] if isinstance(d.get("config"), dict) else d
    def rest(d):
        c = {k: v for k, v in config(d).items() if k not in ("services", "configMaps", "serviceSecrets")}
        return ({k: v for k, v in d.items() if k != "config"}, c) if config(d) is not d else ({}, c)
    if rest(before) != rest(after):
        print(f"{rel}: outside services, configMaps and serviceSecrets, the file changed")
    for key in ("configMaps", "serviceSecrets"):
        old, new = config(before).get(key) or {}, config(after).get(key) or {}
        if any(new.get(k) != v for k, v in old.items()):
            print(f"{rel}: existing {key} entries changed")
    old_s, new_s = console_services(before), console_services(after)
    if list(old_s) != list(new_s):
        print(f"{rel}: services were added, removed or moved")
    for key in old_s:
        if key in new_s and old_s[key] != new_s[key]:
            if not (isinstance(old_s[key], dict) and isinstance(new_s[key], dict)):
                print(f"{rel}: service {key} changed")
                continue
            check_service(f"{rel}: {key}", old_s[key], new_s[key], names)
def dumps_style(text, data):
    """Whether `text` is exactly what json.dumps (or Go's encoder) writes for `data`, in one of
    the indents, escapings and key orders people use, with or without a final newline."""
    body = text[:-1] if text.endswith("\n") else text
    for indent in (2, 4, "\t"):
        for ascii_ in (True, False):
            for sort in (False, True):
                out = json.dumps(data, indent=indent, ensure_ascii=ascii_, sort_keys=sort)
                if body == out:
                    return True
                go = out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                if not ascii_ and body == go:
                    return True
    return False
KUSTOMIZE_PATCHES = ("patches", "patchesStrategicMerge", "patchesJson6902")
def is_kustomization(docs):
    return len(docs) == 1 and isinstance(docs[0], dict) and docs[0].get("kind") in ("Kustomization", "Component")
def check_kustomization(rel, before, after):
    """A kustomization changes only in its lists of patches: entries kept stay as they were, in
    order (an entry is added or removed; a list emptied goes, a new one is added)."""
    rest = lambda d: {k: v for k, v in d.items() if k not in KUSTOMIZE_PATCHES}
    if rest(before) != rest(after):
        print(f"{rel}: the kustomization changed outside its patches")
    for key in KUSTOMIZE_PATCHES:
        old, new = before.get(key) or [], after.get(key) or []
        if [e for e in old if e in new] != [e for e in new if e in old]:
            print(f"{rel}: entries of {key} kept changed or moved")
def load_all(text, rel):
    return [load(text, rel)] if rel.endswith(".json") else list(yaml.load_all(text, Loader=Loader))
for rel, old, new, names in pairs:
    try:
        docs = load_all(new, rel)
    except (yaml.YAMLError, ValueError) as e:
        print(f"{rel}: libyaml cannot read the written file: {e}".replace("\n", " "))
        continue
    if old is None:
        continue
    try:
        olds = load_all(old, rel)
    except (yaml.YAMLError, ValueError):
        continue
    if rel.endswith(".json") and dumps_style(old, olds[0]) and not dumps_style(new, docs[0]):
        print(f"{rel}: was exactly json.dumps of its data, is not any more")
    if is_kustomization(olds) and is_kustomization(docs):
        check_kustomization(rel, olds[0], docs[0])
        continue
    if is_manifest(docs):
        check_manifest(rel, olds, docs, names)
        continue
    base = rel.rsplit("/", 1)[-1]
    if base.startswith("values") or "/values/" in "/" + rel:
        check_helm_values(rel, olds, docs, names)
        continue
    if len(olds) != 1 or len(docs) != 1:
        continue
    before, after = olds[0], docs[0]
    if console_services(before) is not None and console_services(after) is not None:
        check_console(rel, before, after, names)
        continue
    if not (is_service(before) and is_service(after)):
        continue
    check_service(rel, before, after, names)
