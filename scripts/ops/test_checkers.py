"""Each ops checker accepts the repository's files and rejects a broken
copy of them (run by scripts/check-ops.sh: python3 -m unittest)."""
import pathlib
import shutil
import sys
import tempfile
import unittest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "deploy" / "monitoring" / "tools"))

import check_dockerfile  # noqa: E402
import check_jenkinsfile  # noqa: E402
import check_k8s  # noqa: E402
import check_monitoring  # noqa: E402
import check_workflows  # noqa: E402

ESO = ROOT / "docs/examples/gitops/external-secrets/eso-workload-identity.yaml"


class Scratch(unittest.TestCase):
    def setUp(self):
        self.dir = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)

    def mutated(self, source, old, new, name=None):
        text = pathlib.Path(source).read_text(encoding="utf-8")
        self.assertIn(old, text, f"test is stale: {old!r} not in {source}")
        target = self.dir / (name or pathlib.Path(source).name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        return target


class DockerfileTest(Scratch):
    def problems(self, old="", new=""):
        path = self.mutated(ROOT / "Dockerfile", old, new) if old else ROOT / "Dockerfile"
        return check_dockerfile.check(path, ROOT)

    def test_repository_dockerfile_is_clean(self):
        self.assertEqual(self.problems(), [])

    def test_missing_copy_source(self):
        self.assertTrue(any("does not exist" in p for p in self.problems("COPY src/ src/", "COPY srcx/ src/")))

    def test_copy_source_excluded_by_dockerignore(self):
        self.assertTrue(any(".dockerignore" in p for p in self.problems("COPY src/ src/", "COPY tests/ tests/")))

    def test_root_user(self):
        self.assertTrue(any("root" in p for p in self.problems("USER 10001:10001", "USER root")))

    def test_shell_form_entrypoint(self):
        self.assertTrue(any("ENTRYPOINT" in p for p in self.problems('ENTRYPOINT ["versiond"]', "ENTRYPOINT versiond")))

    def test_unknown_from_stage(self):
        self.assertTrue(any("no earlier stage" in p for p in self.problems("--from=builder", "--from=build")))

    def test_unknown_package(self):
        packages = self.dir / "packages.txt"
        packages.write_text("libcurl4\nlibdoesnotexist-versiond9\n")
        problems = check_dockerfile.check(ROOT / "Dockerfile", ROOT, packages)
        self.assertEqual(len(problems), 1)
        self.assertIn("libdoesnotexist-versiond9", problems[0])


    def test_materialized_builder_context(self):
        target = self.dir / "context"
        check_dockerfile.materialize(ROOT / "Dockerfile", ROOT, "builder", target)
        for path in ("CMakeLists.txt", "policies/default.yaml", "src/cli/CMakeLists.txt",
                     "scripts/ops/runtime-packages.sh", "deploy/systemd/versiond.service"):
            self.assertTrue((target / path).is_file(), path)
        self.assertFalse((target / "tests").exists())

    def test_materialize_without_copies(self):
        with self.assertRaises(ValueError):
            check_dockerfile.materialize(ROOT / "Dockerfile", ROOT, "no-such-stage", self.dir / "x")


class JenkinsfileTest(Scratch):
    COMMANDS = {"curl", "sha256sum", "tar", "grep", "mkdir", "versiond"}

    def problems(self, old, new):
        path = self.mutated(ROOT / "jenkins/Jenkinsfile.weekly", old, new)
        return check_jenkinsfile.check_file(path, ROOT, self.COMMANDS, ["Apply"])

    def test_weekly_is_clean(self):
        self.assertEqual(self.problems("pipeline {", "pipeline {"), [])

    def test_unbalanced_brace(self):
        self.assertTrue(any("never closed" in p for p in self.problems("stages {", "stages {{")))

    def test_unclosed_string(self):
        self.assertTrue(any("never closed" in p for p in self.problems("sh 'versiond check --repo .'", "sh 'versiond check --repo .")))

    def test_interpolated_token(self):
        found = self.problems("sh 'versiond check --repo .'", 'sh "versiond check --repo . ${env.GITHUB_TOKEN}"')
        self.assertTrue(any("GITHUB_TOKEN" in p for p in found), found)

    def test_missing_stage(self):
        self.assertTrue(any("no stage 'Apply'" in p for p in self.problems("stage('Apply')", "stage('Act')")))

    def test_unknown_command(self):
        found = self.problems("sh 'versiond check --repo .'", "sh 'renovate --check'")
        self.assertTrue(any("renovate" in p for p in found), found)

    def test_missing_script(self):
        found = self.problems("sh 'versiond check --repo .'", "sh './scripts/no-such-script.sh'")
        self.assertTrue(any("does not exist" in p for p in found), found)

    def test_token_argument(self):
        found = self.problems("sh 'versiond check --repo .'", "sh 'versiond check --token x'")
        self.assertTrue(any("token on the command line" in p for p in found), found)

    @unittest.skipUnless(shutil.which("shellcheck"), "shellcheck is not installed")
    def test_shellcheck_finding(self):
        path = self.mutated(ROOT / "jenkins/Jenkinsfile.weekly", "sh 'versiond check --repo .'",
                            "sh 'versiond check --repo $(echo .)/$1x'")
        found = check_jenkinsfile.check_file(path, ROOT, self.COMMANDS, [], shutil.which("shellcheck"))
        self.assertTrue(any("shellcheck" in p for p in found), found)


class WorkflowTest(Scratch):
    def problems(self, old, new):
        return check_workflows.check_file(self.mutated(ROOT / ".github/workflows/versiond-apply.yml", old, new))[0]

    def test_apply_is_clean(self):
        self.assertEqual(self.problems("name: versiond-apply", "name: versiond-apply"), [])

    def test_tag_instead_of_sha(self):
        self.assertTrue(self.problems("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
                                      "actions/checkout@v4"))

    def test_sha_without_tag_comment(self):
        self.assertTrue(self.problems("11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
                                      "11bd71901bbe5b1630ceea73d27597364c9af683"))

    def test_secret_in_run(self):
        self.assertTrue(self.problems("set -u\n", "echo ${{ secrets.token }}\n"))

    def test_required_trigger(self):
        path = self.mutated(ROOT / ".github/workflows/versiond-apply.yml", "workflow_call:", "workflow_dispatch:")
        self.assertEqual(check_workflows.main([str(path), "--require", "versiond-apply.yml=workflow_call"]), 1)


class KubernetesTest(Scratch):
    def copy_tree(self):
        target = self.dir / "kubernetes"
        shutil.copytree(ROOT / "deploy/kubernetes", target)
        return target

    def problems_after(self, name, old, new):
        tree = self.copy_tree()
        self.mutated(tree / name, old, new, name=f"kubernetes/{name}")
        return check_k8s.check(tree, ESO)

    def test_repository_manifests_are_clean(self):
        self.assertEqual(check_k8s.check(ROOT / "deploy/kubernetes", ESO), [])

    def test_rolling_update(self):
        self.assertTrue(any("Recreate" in p for p in self.problems_after("deployment.yaml", "type: Recreate", "type: RollingUpdate")))

    def test_two_replicas(self):
        self.assertTrue(any("replicas" in p for p in self.problems_after("deployment.yaml", "replicas: 1", "replicas: 2")))

    def test_writable_root(self):
        self.assertTrue(self.problems_after("deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"))

    def test_wrong_probe(self):
        self.assertTrue(any("readinessProbe" in p for p in self.problems_after("deployment.yaml", "path: /readyz", "path: /healthz")))

    def test_other_store(self):
        self.assertTrue(any("ExternalSecret" in p for p in self.problems_after("externalsecret.yaml", "name: azure-keyvault", "name: vault")))

    def test_loopback_listen(self):
        self.assertTrue(any("loopback" in p for p in self.problems_after("configmap.yaml", "0.0.0.0:9464", "127.0.0.1:9464")))

    def test_unlisted_manifest(self):
        tree = self.copy_tree()
        (tree / "extra.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: versiond}\n")
        self.assertTrue(any("not listed" in p for p in check_k8s.check(tree, ESO)))

    def test_servicemonitor_port(self):
        self.assertTrue(self.problems_after("prometheus-operator/servicemonitor.yaml", "port: http-metrics", "port: metrics"))


class MonitoringTest(Scratch):
    MON = ROOT / "deploy/monitoring"

    def rules_problems(self, old, new):
        rules = self.dir / "rules"
        rules.mkdir()
        self.mutated(self.MON / "rules/versiond-service.rules.yaml", old, new, name="rules/versiond-service.rules.yaml")
        return check_monitoring.check(rules, self.MON / "dashboards/versiond.json", self.MON / "metrics.txt")

    def test_repository_rules_and_dashboard_are_clean(self):
        self.assertEqual(check_monitoring.check(self.MON / "rules", self.MON / "dashboards/versiond.json",
                                                self.MON / "metrics.txt"), [])

    def test_unknown_metric(self):
        found = self.rules_problems("versiond_rate_limit_remaining)", "versiond_ratelimit_remaining)")
        self.assertTrue(any("versiond_ratelimit_remaining" in p for p in found), found)

    def test_job_label(self):
        found = self.rules_problems('{exported_job="scan"}', '{job="scan"}')
        self.assertTrue(any("exported_job" in p for p in found), found)

    def test_unknown_label(self):
        found = self.rules_problems("(cluster, source) (versiond_rate_limit_remaining)",
                                    "(cluster, upstream) (versiond_rate_limit_remaining)")
        self.assertTrue(any("upstream" in p for p in found), found)

    def test_dashboard_without_cluster_filter(self):
        dashboard = self.mutated(self.MON / "dashboards/versiond.json", 'versiond_job_running{cluster=~\\"$cluster\\"}',
                                 "versiond_job_running")
        found = check_monitoring.check(self.MON / "rules", dashboard, self.MON / "metrics.txt")
        self.assertTrue(any("$cluster" in p for p in found), found)


if __name__ == "__main__":
    unittest.main()
