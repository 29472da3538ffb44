# Reads YAML files before and after a change with libyaml (PyYAML's CSafeLoader), an
# implementation independent of sidecarctl's own reader, and prints one line per problem.
# stdin: {"name": NAME | [NAMES] | null, "files": [[label, old_path | null, new_path]],
#         "texts": [[label, old_text, new_text, NAMES?]]} (a text's own NAMES win)
# A service file may change only in its entries of those names (null: of one name at most):
# everything outside additionalContainers equal, other entries equal and in the same order.
# Any other file must parse. Exit 3 when PyYAML with libyaml is missing.
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
for rel, old, new, names in pairs:
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
