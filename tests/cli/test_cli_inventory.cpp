#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using versiond::test::run_versiond;
using versiond::test::TempDir;

TEST_CASE("inventory --help documents its options", "[cli][inventory]") {
  const auto r = run_versiond({"inventory", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("--repo") != std::string::npos);
  CHECK(r.out.find("--format") != std::string::npos);
}

TEST_CASE("inventory: bad --format and extra arguments are usage errors", "[cli][inventory]") {
  const auto bad = run_versiond({"inventory", "--format", "yaml"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("yaml") != std::string::npos);
  CHECK(bad.out.empty());
  const auto extra = run_versiond({"inventory", "unexpected"});
  CHECK(extra.exit_code == 2);
}

TEST_CASE("inventory of an empty repository", "[cli][inventory]") {
  TempDir dir;
  const auto j = run_versiond({"inventory", "--repo", dir.path().string(), "--format", "json"});
  CHECK(j.exit_code == 0);
  CHECK(nlohmann::json::parse(j.out) ==
        nlohmann::json::parse(R"({"components": [], "errors": []})"));
  const auto t = run_versiond({"inventory", "--repo", dir.path().string()});
  CHECK(t.exit_code == 0);
  CHECK(t.out == "FILE:LINE  KIND  NAME  CURRENT  DATASOURCE  PACKAGE  NOTE\n");
}

TEST_CASE("inventory JSON shape of one component", "[cli][inventory]") {
  TempDir dir;
  dir.write("values.yaml", "image:\n  repository: nats\n  tag: \"2.10.24\"\n");
  const auto r = run_versiond({"inventory", "--repo", dir.path().string(), "--format", "json"});
  REQUIRE(r.exit_code == 0);
  const auto expected = nlohmann::json::parse(R"({"components": [{
    "name": "docker.io/library/nats", "current": "2.10.24", "kind": "helm-values-image",
    "datasource": "docker", "package": "docker.io/library/nats",
    "registry_url": "https://registry-1.docker.io", "scheme": "docker",
    "origin": {"file": "values.yaml", "line": 3}}], "errors": []})");
  CHECK(nlohmann::json::parse(r.out) == expected);
}

TEST_CASE("inventory: an unreadable file is a diagnostic, --strict makes it exit 2",
          "[cli][inventory][issue11]") {
  TempDir dir;
  dir.write("values.yaml", "image:\n  repository: nats\n  tag: \"2.10.24\"\n");
  dir.write("deploy/app-values.yaml",
            "controller:\n  image: \"{{ .Values.image }}\"\n{{- if .Values.sidecar }}\n"
            "  sidecar:\n    image: {{ .Values.sidecar.image }}\n{{- end }}\n");
  const auto r = run_versiond({"inventory", "--repo", dir.path().string(), "--format", "json"});
  CHECK(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["components"].size() == 1);
  REQUIRE(j["errors"].size() == 1);
  CHECK(j["errors"][0].get<std::string>().rfind("deploy/app-values.yaml:", 0) == 0);
  CHECK(r.err.rfind("versiond: warning: deploy/app-values.yaml:", 0) == 0);
  const auto strict =
      run_versiond({"inventory", "--repo", dir.path().string(), "--strict", "--format", "json"});
  CHECK(strict.exit_code == 2);
  CHECK(nlohmann::json::parse(strict.out)["components"].size() == 1);
  CHECK(strict.err.rfind("versiond: error: deploy/app-values.yaml:", 0) == 0);
}
