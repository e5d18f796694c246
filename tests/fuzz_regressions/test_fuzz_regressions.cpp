// Regression tests for the findings of the fuzz targets in tests/fuzz: each
// feeds the saved input (tests/fuzz/regressions/<target>/) to the entry point
// the target calls. The first byte of a grouped target's input chooses the
// parser there; these tests call that parser directly with the rest.
#include <catch2/catch.hpp>
#include <string>

#include "extract/yaml_tree.hpp"
#include "sources/sources_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"
#include "versiond/extract/extractors.hpp"
#include "versiond/policy/load.hpp"
#include "versiond/sources/helm_index.hpp"
#include "versiond/update/lock_file.hpp"

using namespace versiond;

namespace {

// The saved input of `target` named `name`, without its selector byte.
std::string regression_input(const std::string& target, const std::string& name) {
  const std::string bytes =
      versiond::test::read_file(std::string(VERSIOND_FUZZ_REGRESSIONS) + "/" + target + "/" + name);
  REQUIRE(!bytes.empty());
  return bytes.substr(1);
}

// Runs f; a versiond::Error is an accepted answer to bad input.
template <class F>
void survives(F&& f) {
  try {
    f();
  } catch (const versiond::Error&) {
  }
}

}  // namespace

TEST_CASE("fuzz_dockerfile: a line holding only a form feed is no instruction", "[fuzz]") {
  // words() splits on every isspace() character but trim() keeps \f and \v:
  // the instruction had no words and w.front() read an empty vector.
  const std::string text = regression_input("fuzz_dockerfile", "form-feed-line");
  REQUIRE(text == "FROM alpine:3.19\n\f\n");
  const auto components = versiond::extract::extract_dockerfile(text, "Dockerfile");
  REQUIRE(components.size() == 1);
  CHECK(components[0].current == "3.19");
  survives([] {
    (void)versiond::extract::extract_dockerfile(
        regression_input("fuzz_dockerfile", "crash-db6f89c423fce52f1de4e4419f9a62f210d9295c"),
        "Dockerfile");
  });
}

TEST_CASE("fuzz_sources: an empty tag in an OCI tag list is no release", "[fuzz]") {
  // list_tags turned "" into a Release without a version (GitHub releases
  // already skip an empty tag_name).
  test::FakeUpstream up;
  up.add(
      "/v2/org/app/tags/list",
      test::Reply{200, {}, regression_input("fuzz_sources", "oci-empty-tag"), "application/json"});
  auto endpoints = test::fake_endpoints(up);
  endpoints.docker_hub = "https://unused.invalid";
  endpoints.registry_mirrors["ghcr.io"] = up.base();
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, endpoints, {});
  const auto result = lookups.lookup({Datasource::docker, "ghcr.io/org/app", ""});
  REQUIRE(result.ok());
  REQUIRE(result.releases.size() == 2);
  CHECK(result.releases[0].version == "1.0.0");
  CHECK(result.releases[1].version == "1.1.0");
}

TEST_CASE("fuzz_yaml: an empty std::string_view with no data is an empty YAML text", "[fuzz]") {
  // libyaml's yaml_parser_set_input_string asserts on a null pointer, and a
  // default-constructed std::string_view has one: the process aborted.
  // (tests/fuzz/regressions/fuzz_yaml/empty-input is the target's input.)
  CHECK(extract::parse_yaml(std::string_view{}, "doc.yaml").empty());
  CHECK(extract::extract_helm_values(std::string_view{}, "values.yaml").empty());
  const auto index = sources::parse_helm_index(std::string_view{}, {"nginx"});
  CHECK(index.charts.empty());
}

TEST_CASE("fuzz_policy: a policy mapping key that is not a string is a diagnostic", "[fuzz]") {
  // Reader::mapping called as<std::string>() on every key; a sequence or
  // mapping key ("? [a, b]") threw YAML::TypedBadConversion out of
  // parse_policy, whose contract is to report problems as diagnostics.
  const auto loaded =
      policy::parse_policy(regression_input("fuzz_policy", "sequence-key"), "policy.yaml");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.errors[0].to_string() == "policy.yaml:2: (document): keys must be strings");
  survives([] {
    (void)policy::parse_policy(
        regression_input("fuzz_policy", "crash-1e2e8223101e0dcd6da5abae87e1b90fbddf68cc"),
        "policy.yaml");
  });
}

TEST_CASE("fuzz_update: a closing bracket inside a quoted lock-file hash does not close the list",
          "[fuzz]") {
  // find_block took the first ']' on a line as the end of `hashes = [`, so a
  // hash holding one left the rest of its line behind: the rewritten lock
  // file had an unterminated string.
  const std::string before = regression_input("fuzz_update", "bracket-in-hash").substr(2);
  const auto entry = update::find_lock_entry(before, "hashicorp/time");
  REQUIRE(entry);
  CHECK(entry->hashes == std::vector<std::string>{"zh:39]0", "zh:3d"});
  const std::string after =
      update::update_lock_file(before, {"hashicorp/time", "0.8.0", std::nullopt, {"h1:new="}});
  CHECK(after ==
        "provider \"registry.terraform.io/hashicorp/time\" {\n"
        "  version = \"0.8.0\"\n"
        "  hashes = [\n"
        "    \"h1:new=\",\n"
        "  ]\n"
        "}\n");
  const auto again = extract::extract_terraform_lock(after, ".terraform.lock.hcl");
  REQUIRE(again.size() == 1);
  CHECK(again[0].current == "0.8.0");
  survives([] {
    (void)extract::extract_terraform_lock(
        regression_input("fuzz_update", "crash-d1f23d693c21a14269b849473a135802bc3feb82").substr(2),
        ".terraform.lock.hcl");
  });
}
