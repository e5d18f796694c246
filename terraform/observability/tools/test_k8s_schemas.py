"""Unit tests for k8s_schemas.py and the kubeconform gate built on it."""
import json
import os
import pathlib
import subprocess
import tempfile
import textwrap
import unittest

import k8s_schemas

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent

SWAGGER = {
    "definitions": {
        "io.k8s.api.demo.v1.Widget": {
            "type": "object",
            "x-kubernetes-group-version-kind": [{"group": "demo.example.io", "version": "v1", "kind": "Widget"}],
            "properties": {
                "apiVersion": {"type": "string"},
                "kind": {"type": "string"},
                "spec": {"$ref": "#/definitions/io.k8s.api.demo.v1.WidgetSpec", "description": "d"},
            },
        },
        "io.k8s.api.demo.v1.WidgetSpec": {
            "type": "object",
            "properties": {
                "port": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString"},
                "memory": {"$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"},
                "count": {"type": "integer", "format": "int32"},
                "child": {"$ref": "#/definitions/io.k8s.api.demo.v1.WidgetSpec"},
            },
        },
        "io.k8s.api.core.v1.Thing": {
            "type": "object",
            "x-kubernetes-group-version-kind": [{"group": "", "version": "v1", "kind": "Thing"}],
            "properties": {"kind": {"type": "string"}},
        },
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString": {"type": "string", "format": "int-or-string"},
        "io.k8s.apimachinery.pkg.api.resource.Quantity": {"type": "string"},
    }
}


class Generate(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.written = k8s_schemas.generate(SWAGGER, self.tmp.name)

    def load(self, name):
        return json.loads(pathlib.Path(self.tmp.name, name).read_text())

    def test_file_names_follow_kubeconform_kind_suffix(self):
        self.assertEqual(sorted(self.written), ["thing-v1.json", "widget-demo-v1.json"])

    def test_standalone_strict_and_special_types(self):
        widget = self.load("widget-demo-v1.json")
        self.assertFalse(widget["additionalProperties"])
        spec = widget["properties"]["spec"]
        self.assertFalse(spec["additionalProperties"])
        self.assertEqual(spec["properties"]["port"], {"oneOf": [{"type": "string"}, {"type": "integer"}]})
        self.assertEqual(spec["properties"]["memory"], {"oneOf": [{"type": "string"}, {"type": "number"}]})
        self.assertNotIn("format", spec["properties"]["count"])
        # The recursive reference is cut to an open schema, not an infinite loop.
        self.assertEqual(spec["properties"]["child"], {})
        self.assertNotIn("$ref", json.dumps(widget))


class KubeconformGate(unittest.TestCase):
    """The real gate (tools/kubeconform.sh) on small manifests; needs the
    toolchain cache that tools/toolchain.sh fills."""

    def validate(self, text):
        path = pathlib.Path(self.tmp.name, "m.yaml")
        path.write_text(textwrap.dedent(text))
        return subprocess.run([str(HERE / "kubeconform.sh"), str(REPO), str(path)],
                              capture_output=True, text=True, env=os.environ.copy(), check=False)

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def test_valid_manifest_passes(self):
        result = self.validate("""\
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: rc, namespace: rocketchat}
            spec:
              maxUnavailable: 1
              selector: {matchLabels: {app: rc}}
            """)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_misspelt_field_fails(self):
        result = self.validate("""\
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: rc, namespace: rocketchat}
            spec:
              maxUnavailabe: 1
            """)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("maxUnavailabe", result.stdout)

    def test_crd_field_is_checked(self):
        result = self.validate("""\
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: rc, namespace: argocd}
            spec:
              project: default
              source: {repoURL: "https://example.org/r.git", path: ".", targetRevision: main}
              destination: {server: "https://kubernetes.default.svc", namespace: rc}
              syncPolicy:
                automated: {prune: true, selfHeal: true, selfHealing: true}
            """)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("selfHealing", result.stdout)

    def test_kind_without_schema_fails(self):
        result = self.validate("""\
            apiVersion: example.org/v1
            kind: Unknown
            metadata: {name: x}
            """)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("could not find schema", result.stdout)


if __name__ == "__main__":
    unittest.main()
