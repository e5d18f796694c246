#include <catch2/catch.hpp>

#include "support/temp_dir.hpp"
#include "versiond/config/load.hpp"
#include "versiond/core/error.hpp"

using versiond::Error;
using versiond::ErrorKind;
using versiond::config::Config;
using versiond::config::load_config;
using versiond::config::parse_config;

namespace {

// The message of the config error parse_config throws for text.
std::string error_of(const std::string& text) {
  try {
    parse_config(text, "versiond.yaml");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::config);
    return e.what();
  }
  FAIL("no error for:\n" << text);
  return {};
}

}  // namespace

TEST_CASE("config: an empty file gives the documented defaults", "[config]") {
  const Config c = parse_config("", "versiond.yaml");
  CHECK(c.endpoints.github_api == "https://api.github.com");
  CHECK(c.endpoints.terraform_registry == "https://registry.terraform.io");
  CHECK(c.credentials.github.token_env == "GITHUB_TOKEN");
  CHECK(c.http.concurrency.total == 32);
  CHECK(c.http.concurrency.per_host == 16);
  CHECK(c.http.timeouts.connect_ms == 5000);
  CHECK(c.ttl_seconds("helm") == 0);
  CHECK(c.endoflife.empty());
}

TEST_CASE("config: every section of a full file is read", "[config]") {
  const Config c = parse_config(versiond::test::read_fixture("config/full.yaml"), "full.yaml");
  CHECK(c.endpoints.github_api == "https://ghe.example.com/api/v3");  // trailing slash dropped
  CHECK(c.endpoints.endoflife == "http://127.0.0.1:8080");
  CHECK(c.endpoints.registry_mirrors.at("ghcr.io") == "https://ghcr-mirror.example.com");
  CHECK(c.endpoints.helm_repositories.at("https://charts.bitnami.com/bitnami") ==
        "https://charts.example.com/bitnami");
  CHECK(c.credentials.github.token_env == "VERSIOND_GH_TOKEN");
  CHECK(c.credentials.github.token_file == "/run/secrets/github-token");
  CHECK(c.http.allow_plain_http_hosts == std::vector<std::string>{"127.0.0.1"});
  CHECK(c.http.concurrency.per_host == 2);
  CHECK(c.http.timeouts.total_ms == 20000);
  CHECK(c.http.max_retries == 1);
  CHECK(c.http.max_body_mb == 128);
  CHECK(c.http.max_download_mb == 1024);
  CHECK(c.ttl_seconds("helm") == 3600);
  CHECK(c.ttl_seconds("docker") == 600);
  CHECK(c.policy_file == "policies/default.yaml");
  REQUIRE(c.endoflife.size() == 2);
  CHECK(c.endoflife_product("aks", "") == "kubernetes");
  CHECK(c.endoflife_product("MongoDB", "docker.io/library/mongo") == "mongodb");
  CHECK(c.endoflife_product("nats", "docker.io/library/nats").empty());
}

TEST_CASE("config: unknown keys are errors naming file, line and key", "[config]") {
  CHECK(error_of("http:\n  concurrency:\n    totl: 3\n") ==
        "versiond.yaml:3: unknown key 'totl' in 'http.concurrency'");
  CHECK(error_of("policy_file: p.yaml\nschedule:\n  scan: '@daily'\n") ==
        "versiond.yaml:2: unknown key 'schedule'");
  CHECK(error_of("endoflife:\n  - product: kubernetes\n    names: [k8s]\n    cycle: '1.29'\n") ==
        "versiond.yaml:4: unknown key 'cycle' in 'endoflife[0]'");
}

TEST_CASE("config: a token written into the file is refused with a hint", "[config]") {
  const std::string message = error_of("credentials:\n  github:\n    token: ghp_abc\n");
  CHECK(message.rfind("versiond.yaml:3: unknown key 'token' in 'credentials.github'", 0) == 0);
  CHECK(message.find("token_env") != std::string::npos);
  CHECK(message.find("ghp_abc") == std::string::npos);
}

TEST_CASE("config: wrong types and values name the line and the value", "[config]") {
  CHECK(error_of("http:\n  concurrency:\n    total: many\n") ==
        "versiond.yaml:3: 'http.concurrency.total' must be an integer, got 'many'");
  CHECK(error_of("http:\n  concurrency:\n    total: 0\n") ==
        "versiond.yaml:3: 'http.concurrency.total' must be between 1 and 1024, got 0");
  CHECK(error_of("http: [1, 2]\n") == "versiond.yaml:1: 'http' must be a mapping");
  CHECK(
      error_of("endpoints:\n  github_api: ftp://x\n") ==
      "versiond.yaml:2: 'endpoints.github_api' must be an http:// or https:// URL, got 'ftp://x'");
  CHECK(
      error_of("http:\n  allow_plain_http_hosts: localhost\n") ==
      "versiond.yaml:2: 'http.allow_plain_http_hosts' must be a list of strings, got 'localhost'");
  // Keys of stages that do not exist yet are refused, not silently ignored.
  CHECK(error_of("forge:\n  github:\n    repository: o/n\n") ==
        "versiond.yaml:2: unknown key 'github' in 'forge'");
  CHECK(error_of("forge:\n  type: gitlab\n") ==
        "versiond.yaml:2: 'forge.type' must be github, got 'gitlab'");
  CHECK(error_of("forge:\n  repository: just-a-name\n") ==
        "versiond.yaml:2: 'forge.repository' must be owner/name, got 'just-a-name'");
  CHECK(error_of("window:\n  duration: 2 hours\n") ==
        "versiond.yaml:2: 'window.duration' must be minutes or hours (90m, 2h), got '2 hours'");
  CHECK(error_of("policy_file: p.yaml\nschedules:\n  scan: \"0 6 * * 1\"\n") ==
        "versiond.yaml:3: 'schedules' must be a list of mappings");
  CHECK(error_of("schedules:\n  - {name: a, job: scan, cron: \"0 6 * * FOO\"}\n") ==
        "versiond.yaml:2: schedules[0].cron: day-of-week field: 'FOO' is not a value of 0-7 or "
        "SUN-SAT");
  CHECK(error_of("schedules:\n  - {name: a, job: scan, cron: \"0 6 * * *\", tz: Mars/Base}\n") ==
        "versiond.yaml:2: schedules[0].tz: unknown time zone 'Mars/Base'");
  CHECK(error_of("schedules:\n  - {name: a, job: deploy, cron: \"0 6 * * *\"}\n") ==
        "versiond.yaml:2: 'schedules[0].job' must be scan or apply, got 'deploy'");
  CHECK(error_of("schedules:\n  - {name: a, job: scan}\n") ==
        "versiond.yaml:2: 'schedules[0]' needs 'name', 'job' and 'cron'");
  CHECK(error_of("schedules:\n  - {name: a, job: scan, cron: '@daily'}\n"
                 "  - {name: a, job: apply, cron: '@daily'}\n") ==
        "versiond.yaml:3: duplicate schedule 'a'");
  CHECK(error_of("repositories:\n  - {path: a, url: https://x/y.git}\n") ==
        "versiond.yaml:2: 'repositories[0]' needs one of 'path' or 'url'");
  CHECK(error_of("repositories:\n  - {path: a, branch: main}\n") ==
        "versiond.yaml:2: 'repositories[0]' 'branch' goes with 'url'");
  CHECK(error_of("repositories:\n  - {url: 'https://x:ghp_secret@github.com/o/r.git'}\n") ==
        "versiond.yaml:2: 'repositories[0].url' must not hold credentials (user:token@): they "
        "would reach logs and metrics");
  CHECK(error_of("server:\n  listen: 9464\n") ==
        "versiond.yaml:2: 'server.listen' must be host:port, got '9464'");
  CHECK(error_of("credentials:\n  github:\n    token_env: 'ghp_ab cd'\n") ==
        "versiond.yaml:3: 'credentials.github.token_env' must name an environment variable, got "
        "'ghp_ab cd'");
  CHECK(error_of("endoflife:\n  - names: [Kubernetes]\n") ==
        "versiond.yaml:2: 'endoflife[0]' 'product' is required");
  CHECK(error_of("endoflife:\n  - product: kubernetes\n") ==
        "versiond.yaml:2: 'endoflife[0]' needs 'names' or 'packages' to join components to "
        "'kubernetes'");
  CHECK(error_of("cache:\n  ttl_seconds:\n    per_datasource:\n      helm: soon\n") ==
        "versiond.yaml:4: 'cache.ttl_seconds.per_datasource.helm' must be an integer, got 'soon'");
  CHECK(error_of("policy_file:\n  a: b\n") ==
        "versiond.yaml:2: 'policy_file' must be a string, got a mapping");
}

TEST_CASE("config: duplicate keys and broken YAML are errors with a line", "[config]") {
  CHECK(error_of("policy_file: a\npolicy_file: b\n") ==
        "versiond.yaml:2: duplicate key 'policy_file'");
  CHECK(error_of("http:\n  concurrency: {total: 3\n").rfind("versiond.yaml:", 0) == 0);
  CHECK(error_of("- just\n- a list\n") == "versiond.yaml:1: 'the file' must be a mapping");
}

TEST_CASE("config: plain http is refused unless the host is allowed", "[config]") {
  CHECK(error_of("endpoints:\n  registry_mirrors:\n    docker.io: http://mirror.lan:5000\n") ==
        "versiond.yaml:3: 'endpoints.registry_mirrors.docker.io' uses plain http:// to "
        "'mirror.lan', which is not in http.allow_plain_http_hosts");
  // Allowed hosts may come after the endpoint in the file.
  const Config c = parse_config(
      "endpoints:\n  github_api: http://127.0.0.1:9000\nhttp:\n  allow_plain_http_hosts: "
      "[127.0.0.1]\n",
      "versiond.yaml");
  CHECK(c.endpoints.github_api == "http://127.0.0.1:9000");
}

TEST_CASE("config: load_config finds versiond.yaml in the repository or an explicit file",
          "[config]") {
  versiond::test::TempDir repo;
  CHECK(load_config(repo.path(), std::nullopt).source.empty());  // defaults
  repo.write("versiond.yaml", "policy_file: policies/p.yaml\n");
  CHECK(load_config(repo.path(), std::nullopt).policy_file == "policies/p.yaml");
  const auto other = repo.write("other.yaml", "policy_file: other.yaml\n");
  CHECK(load_config(repo.path(), other).policy_file == "other.yaml");
  CHECK_THROWS_WITH(load_config(repo.path(), repo.path() / "missing.yaml"),
                    Catch::Contains("missing.yaml: configuration file does not exist"));
  repo.write("versiond.yaml", "http:\n  max_retries: -1\n");
  CHECK_THROWS_WITH(load_config(repo.path(), std::nullopt),
                    "versiond.yaml:2: 'http.max_retries' must be between 0 and 10, got -1");
}

TEST_CASE("config: this repository's own versiond.yaml is valid", "[config]") {
  const Config c =
      load_config(std::filesystem::path(VERSIOND_REPO_CONFIG).parent_path(), std::nullopt);
  CHECK(c.source == "versiond.yaml");
  CHECK_FALSE(c.endoflife.empty());
}

TEST_CASE("config: terraform.lock_platforms lists OS_ARCH platforms", "[config]") {
  CHECK(parse_config("", "versiond.yaml").terraform.lock_platforms.empty());
  const Config c =
      parse_config("terraform:\n  lock_platforms: [linux_amd64, darwin_arm64]\n", "versiond.yaml");
  CHECK(c.terraform.lock_platforms == std::vector<std::string>{"linux_amd64", "darwin_arm64"});
  const std::string e = error_of("terraform:\n  lock_platforms: [linux-amd64]\n");
  CHECK_THAT(e, Catch::Contains("versiond.yaml:2"));
  CHECK_THAT(e, Catch::Contains("terraform.lock_platforms"));
  CHECK_THAT(e, Catch::Contains("'linux-amd64'"));
}

TEST_CASE("advisories.packages: user mappings, one match each, app_version only for charts") {
  const auto c = versiond::config::parse_config(R"(advisories:
  packages:
    - match: {image: "ghcr.io/example/*"}
      ecosystem: Go
      name: "github.com/example/app{vmajor}"
      line: minor
    - match: {chart: example}
      ecosystem: npm
      name: example
      version_from: app_version
)",
                                                "versiond.yaml");
  REQUIRE(c.advisories.packages.size() == 2);
  const auto& first = c.advisories.packages[0];
  CHECK(first.on == versiond::advisory::MatchOn::image);
  CHECK(first.pattern == "ghcr.io/example/*");
  CHECK(first.line == versiond::advisory::LineBy::minor);
  CHECK(first.user);
  CHECK(c.advisories.packages[1].version_from == versiond::advisory::VersionFrom::app_version);
  CHECK(c.endpoints.osv == "https://api.osv.dev");
  auto rejects = [](const std::string& yaml, const std::string& needle) {
    try {
      versiond::config::parse_config(yaml, "versiond.yaml");
      FAIL("accepted: " << yaml);
    } catch (const versiond::Error& e) {
      CHECK_THAT(e.what(), Catch::Matchers::Contains(needle));
    }
  };
  rejects("advisories:\n  packages:\n    - {match: {image: a, chart: b}, ecosystem: Go, name: x}\n",
          "a match names one of");
  rejects("advisories:\n  packages:\n    - {match: {image: a}, ecosystem: Go}\n",
          "needs 'ecosystem' and 'name'");
  rejects(
      "advisories:\n  packages:\n    - {match: {image: a}, ecosystem: Go, name: x, "
      "version_from: app_version}\n",
      "applies to charts only");
  rejects(
      "advisories:\n  packages:\n    - {match: {image: a}, ecosystem: Go, name: x, line: "
      "patch}\n",
      "must be major or minor");
}

TEST_CASE("config: schedules, repositories and server of versiond serve", "[config]") {
  const auto c = versiond::config::parse_config(
      "schedules:\n"
      "  - {name: daily-scan, job: scan, cron: \"0 6 * * *\", tz: Europe/London}\n"
      "  - {name: weekly-apply, job: apply, cron: \"0 7 * * MON\"}\n"
      "repositories:\n"
      "  - {path: /srv/repos/infra}\n"
      "  - {url: https://github.com/org/env.git, branch: main}\n"
      "server: {listen: \"127.0.0.1:9464\"}\n",
      "versiond.yaml");
  REQUIRE(c.schedules.size() == 2);
  CHECK(c.schedules[0].name == "daily-scan");
  CHECK(c.schedules[0].job == versiond::config::JobKind::scan);
  CHECK(c.schedules[0].cron == "0 6 * * *");
  CHECK(c.schedules[0].tz == "Europe/London");
  CHECK(c.schedules[1].job == versiond::config::JobKind::apply);
  CHECK(c.schedules[1].tz == "UTC");
  REQUIRE(c.repositories.size() == 2);
  CHECK(c.repositories[0].label() == "/srv/repos/infra");
  CHECK(c.repositories[1].label() == "https://github.com/org/env.git");
  CHECK(c.repositories[1].branch == "main");
  CHECK(c.server.listen == "127.0.0.1:9464");
  CHECK(versiond::config::Config{}.server.listen == "127.0.0.1:9464");
}
