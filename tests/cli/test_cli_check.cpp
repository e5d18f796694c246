#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using versiond::test::run_versiond;
using versiond::test::TempDir;

TEST_CASE("check --help documents its options and exit codes", "[cli][check]") {
  const auto r = run_versiond({"check", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("--repo") != std::string::npos);
  CHECK(r.out.find("exit 1 on drift") != std::string::npos);
}

TEST_CASE("check without version tables reports nothing and exits 0", "[cli][check]") {
  TempDir dir;
  dir.write("values.yaml", "image: nats:2.10.24\n");
  const auto t = run_versiond({"check", "--repo", dir.path().string()});
  CHECK(t.exit_code == 0);
  CHECK(t.out == "no VERSIONS.md or VERSION-TRACKING.md table found; nothing to check\n");
}

TEST_CASE("check JSON finding shape and exit 1", "[cli][check]") {
  TempDir dir;
  dir.write("VERSION-TRACKING.md",
            "| Service | Version | Path |\n|---|---|---|\n| NATS | v2.10.24 | values.yaml |\n");
  dir.write("values.yaml", "image: nats:2.11.1\n");
  const auto r = run_versiond({"check", "--repo", dir.path().string(), "--format", "json"});
  CHECK(r.exit_code == 1);
  const auto expected = nlohmann::json::parse(R"({"findings": [{
    "kind": "version-mismatch", "name": "NATS", "expected": "v2.10.24", "found": "2.11.1",
    "file": "values.yaml", "line": 1,
    "message": "VERSION-TRACKING.md:3 says v2.10.24 but values.yaml:1 pins 2.11.1",
    "row": {"file": "VERSION-TRACKING.md", "line": 3}}], "errors": []})");
  CHECK(nlohmann::json::parse(r.out) == expected);
}

TEST_CASE("check: a templated file does not stop the check, --strict exits 2",
          "[cli][check][issue11]") {
  TempDir dir;
  dir.write("VERSION-TRACKING.md",
            "| Service | Version | Path |\n|---|---|---|\n| NATS | v2.10.24 | values.yaml |\n");
  dir.write("values.yaml", "image: nats:2.11.1\n");
  dir.write("deploy/app-values.yaml",
            "controller:\n  image: \"{{ .Values.image }}\"\n{{- if .Values.sidecar }}\n"
            "  sidecar:\n    image: {{ .Values.sidecar.image }}\n{{- end }}\n");
  const auto r = run_versiond({"check", "--repo", dir.path().string(), "--format", "json"});
  CHECK(r.exit_code == 1);  // the drift, found all the same
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["findings"].size() == 1);
  CHECK(j["errors"].size() == 1);
  const auto strict = run_versiond({"check", "--repo", dir.path().string(), "--strict"});
  CHECK(strict.exit_code == 2);
}
