// Real upstream version lists (tests/fixtures/versioning, see SOURCES.md):
// the Terraform registry's hashicorp/aws versions, a Helm repository index,
// and Docker Hub tag lists.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"
#include "versioning/helpers.hpp"

using versiond::test::read_fixture;
using versiond::versioning::scheme_for;

namespace {

using Opt = std::optional<std::string_view>;

std::vector<std::string> aws_provider_versions() {
  // A VCR cassette: the second interaction is GET /v1/providers/hashicorp/aws/versions.
  const auto cassette =
      YAML::Load(read_fixture("versioning/vcr-providers-hashicorp-aws-versions.yml"));
  const auto body =
      cassette["http_interactions"][1]["response"]["body"]["string"].as<std::string>();
  const auto json = nlohmann::json::parse(body);
  std::vector<std::string> versions;
  for (const auto& v : json.at("versions")) {
    versions.push_back(v.at("version").get<std::string>());
  }
  return versions;
}

std::vector<std::string> chart_versions(const std::string& chart) {
  const auto index = YAML::Load(read_fixture("versioning/cloudnative-pg-index.yaml"));
  std::vector<std::string> versions;
  for (const auto& entry : index["entries"][chart]) {
    versions.push_back(entry["version"].as<std::string>());
  }
  return versions;
}

std::vector<std::string> docker_tags(const std::string& file) {
  return nlohmann::json::parse(read_fixture("versioning/" + file)).at("tags");
}

}  // namespace

TEST_CASE("real data: hashicorp/aws provider versions", "[real]") {
  const auto& tf = scheme_for("hashicorp");
  const auto versions = aws_provider_versions();
  REQUIRE(versions.size() == 190);
  CHECK(std::all_of(versions.begin(), versions.end(), [&](const auto& v) { return tf.valid(v); }));

  const auto [constraint, expected] = GENERATE(table<std::string, std::string>({
      {"", "3.42.0"},
      {"~> 3.40.0", "3.40.0"},
      {"~> 3.0", "3.42.0"},
      {">= 2.0, < 3.0", "2.70.0"},
      {"~> 2.70.0", "2.70.0"},
      {"!= 3.42.0", "3.41.0"},
      {"~> 3.14.0", "3.14.1"},
      {"~> 3.29.0", "3.29.1"},
      {"~> 4.78.0", "none"},
  }));
  CAPTURE(constraint);
  const auto got = tf.latest(versions, constraint.empty() ? Opt{} : Opt{constraint}, Opt{});
  CHECK(got.value_or("none") == expected);
}

TEST_CASE("real data: a Helm repository index is ordered newest first", "[real]") {
  const auto& helm = scheme_for("helm");
  for (const auto* chart : {"cloudnative-pg", "cluster", "cnpg-sandbox", "plugin-barman-cloud"}) {
    const auto versions = chart_versions(chart);
    REQUIRE(versions.size() > 5);
    for (std::size_t i = 0; i + 1 < versions.size(); ++i) {
      CAPTURE(chart, versions[i], versions[i + 1]);
      CHECK(helm.compare(versions[i], versions[i + 1]) >= 0);
    }
  }
}

TEST_CASE("real data: Helm chart selection with constraints", "[real]") {
  const auto& helm = scheme_for("helm");
  const auto [chart, constraint, expected] = GENERATE(table<std::string, std::string, std::string>({
      {"cloudnative-pg", "", "0.29.0"},
      {"cloudnative-pg", "~0.23.0", "0.23.2"},
      {"cloudnative-pg", "^0.21", "0.21.6"},
      {"cloudnative-pg", "<0.23.0", "0.22.1"},
      {"cloudnative-pg", "0.28.x", "0.28.3"},
      {"cloudnative-pg", ">=0.23.0-0 <0.23.1", "0.23.0"},
      {"cloudnative-pg", ">=1.0.0", "none"},
      {"cluster", "^0.0.5", "0.0.5"},
      {"cluster", "~0.0.5", "0.0.11"},
      {"cluster", "^0.1", "0.1.3"},
      {"cluster", "", "0.8.1"},
  }));
  CAPTURE(chart, constraint);
  const auto got =
      helm.latest(chart_versions(chart), constraint.empty() ? Opt{} : Opt{constraint}, Opt{});
  CHECK(got.value_or("none") == expected);
}

TEST_CASE("real data: kube-state-metrics tags sort by SemVer precedence", "[real]") {
  auto tags = docker_tags("tags-list-kube-state-metrics.json");
  const auto& semver = scheme_for("semver");
  std::sort(tags.begin(), tags.end(),
            [&](const auto& a, const auto& b) { return semver.compare(a, b) < 0; });
  const std::vector<std::string> expected{
      "v0.2.0", "v0.3.0", "v0.4.0",      "v0.4.1", "v0.5.0", "v1.0.0-rc.1",
      "v1.0.0", "v1.0.1", "v1.1.0-rc.0", "v1.1.0", "v1.2.0", "v1.3.0-rc.0",
      "v1.3.0", "v1.3.1", "v1.4.0",      "v1.5.0", "v1.6.0"};
  CHECK(tags == expected);
  CHECK(semver.latest(tags, Opt{"<1.3.0"}, Opt{}) == "v1.2.0");
  const auto& docker = scheme_for("docker");
  CHECK(docker.latest(tags, Opt{}, Opt{"v1.5.0"}) == "v1.6.0");
  CHECK(docker.latest(tags, Opt{}, Opt{"v1.0.0-rc.1"}) == "v1.6.0");
}

TEST_CASE("real data: php tags keep their variant", "[real]") {
  const auto tags = docker_tags("tags-list-library-php.json");
  REQUIRE(tags.size() == 3491);
  const auto& docker = scheme_for("docker");
  const auto [current, constraint, expected] =
      GENERATE(table<std::string, std::string, std::string>({
          {"7.2.23-fpm", "", "7.3.12-fpm"},
          {"7.2.23-fpm", "~> 7.2.0", "7.2.25-fpm"},
          {"7.1-apache", "", "7.3-apache"},
          {"7.3.10-fpm-alpine3.9", "", "7.3.12-fpm-alpine3.9"},
          {"7.3.10-zts-alpine3.10", "", "7.3.12-zts-alpine3.10"},
          {"7.1", "", "7.3"},
          {"5", "", "7"},
          {"5-fpm", "", "7-fpm"},
          {"7.4.0RC1-fpm", "", "7.4.0RC6-fpm"},  // alpha < beta < RC, RC1 < RC6
          {"7.4.0alpha1-fpm", "", "7.4.0RC6-fpm"},
      }));
  CAPTURE(current, constraint);
  const auto got = docker.latest(tags, constraint.empty() ? Opt{} : Opt{constraint}, Opt{current});
  CHECK(got.value_or("none") == expected);
}
