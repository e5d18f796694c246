#!/usr/bin/env python3
"""Generates kubeconform schemas for the built-in Kubernetes kinds from the
OpenAPI v2 document (api/openapi-spec/swagger.json) of a pinned Kubernetes
release, offline. Standard library only.

Output: one standalone, strict JSON schema per group/version/kind, named the
way kubeconform's `{{ .ResourceKind }}{{ .KindSuffix }}.json` template
expects (`deployment-apps-v1.json`, `service-v1.json`,
`clusterrole-rbac-v1.json`):
- standalone: every "$ref" to "#/definitions/..." is inlined (a reference
  back into a definition that is being expanded, as in the recursive
  JSONSchemaProps of CustomResourceDefinition, becomes an open schema);
- strict: objects with declared properties get "additionalProperties": false,
  so misspelt fields are errors;
- IntOrString accepts a string or an integer and Quantity a string or a
  number, as the API server does; OpenAPI "format" hints are dropped.

Usage: k8s_schemas.py SOURCE OUTPUT_DIR, where SOURCE is swagger.json or
the Go module zip of k8s.io/kubernetes that contains it.
"""
import json
import pathlib
import sys
import zipfile

SWAGGER_SUFFIX = "/api/openapi-spec/swagger.json"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
DROPPED_KEYS = {"format", "x-kubernetes-group-version-kind", "x-kubernetes-patch-strategy",
                "x-kubernetes-patch-merge-key", "x-kubernetes-list-type",
                "x-kubernetes-list-map-keys", "x-kubernetes-map-type", "x-kubernetes-unions"}


def load_swagger(source):
    source = pathlib.Path(source)
    if source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            names = [n for n in archive.namelist() if n.endswith(SWAGGER_SUFFIX)]
            if len(names) != 1:
                raise SystemExit(f"{source}: expected one *{SWAGGER_SUFFIX}, found {len(names)}")
            return json.loads(archive.read(names[0]))
    return json.loads(source.read_text(encoding="utf-8"))


class Expander:
    def __init__(self, definitions):
        self.definitions = definitions

    def definition(self, name, stack):
        if name == QUANTITY:
            return {"oneOf": [{"type": "string"}, {"type": "number"}]}
        if name == INT_OR_STRING:
            return {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        if name in stack:
            return {}
        if name not in self.definitions:
            raise SystemExit(f"unresolved reference #/definitions/{name}")
        return self.expand(self.definitions[name], stack + (name,))

    def expand(self, node, stack):
        if isinstance(node, list):
            return [self.expand(item, stack) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#/definitions/"):
                raise SystemExit(f"unsupported reference {ref}")
            expanded = self.definition(ref[len("#/definitions/"):], stack)
            extra = {k: self.expand(v, stack) for k, v in node.items() if k not in ("$ref", "description")}
            return {**expanded, **extra}
        if node.get("format") == "int-or-string":
            return {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        out = {}
        for key, value in node.items():
            if key in DROPPED_KEYS:
                continue
            if key == "properties":
                out[key] = {prop: self.expand(schema, stack) for prop, schema in value.items()}
            else:
                out[key] = self.expand(value, stack)
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out


def file_name(group, version, kind):
    """kubeconform's KindSuffix: first label of the group, then the version."""
    if group:
        return f"{kind}-{group.split('.')[0]}-{version}.json".lower()
    return f"{kind}-{version}.json".lower()


def generate(swagger, output_dir):
    definitions = swagger.get("definitions", {})
    expander = Expander(definitions)
    output_dir = pathlib.Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, schema in sorted(definitions.items()):
        for gvk in schema.get("x-kubernetes-group-version-kind", []):
            target = file_name(gvk.get("group", ""), gvk["version"], gvk["kind"])
            # Several definitions can carry the same GVK (e.g. the internal
            # WatchEvent); keep the first, which is the API type.
            if target in written:
                continue
            standalone = expander.definition(name, ())
            standalone["$schema"] = "http://json-schema.org/draft-04/schema#"
            (output_dir / target).write_text(json.dumps(standalone, separators=(",", ":"), sort_keys=True), encoding="utf-8")
            written[target] = name
    return written


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    written = generate(load_swagger(argv[1]), argv[2])
    if not written:
        print(f"{argv[1]}: no definitions with x-kubernetes-group-version-kind", file=sys.stderr)
        return 1
    print(f"{len(written)} schemas written to {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
