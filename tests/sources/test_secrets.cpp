// The GitHub token and registry tokens never reach logs or error messages.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include "sources/sources_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/core/error.hpp"

using namespace versiond;

namespace {

// Captures everything logged through the default logger at every level.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return stream_.str(); }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> previous_;
};

const char* token_value = "ghp_versiondTestToken0123456789abcdef";

}  // namespace

TEST_CASE("the GitHub token is read from the environment and sent only as a header",
          "[sources][secrets]") {
  ::setenv("VERSIOND_TEST_GITHUB_TOKEN", token_value, 1);
  auto credentials = sources::Credentials::load("VERSIOND_TEST_GITHUB_TOKEN", "");
  ::unsetenv("VERSIOND_TEST_GITHUB_TOKEN");
  REQUIRE(credentials.github_token.reveal() == token_value);

  test::FakeUpstream up;
  up.load_vcr("upstream/github/releases-list-actions-checkout.yml");
  test::Fault bad_credentials;
  bad_credentials.reply.status = 401;
  // An upstream that echoes the credential back must not get it into our messages.
  bad_credentials.reply.body =
      std::string(R"({"message":"Bad credentials: )") + token_value + "\"}";
  up.inject("/repos/actions/checkout/releases", bad_credentials);
  up.not_found("/repos/nobody/nothing/tags");
  // The second key's base URL points elsewhere on this server; nothing is served there.
  up.not_found(std::string("/elsewhere/") + token_value + "/repos/actions/checkout/releases");
  LogCapture log;
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), credentials);
  auto results = lookups.run(
      {{Datasource::github_releases, "actions/checkout", ""},
       {Datasource::github_releases, "actions/checkout", up.base() + "/elsewhere/" + token_value},
       {Datasource::github_tags, "nobody/nothing", ""}});
  CHECK(results[0].failure_kind() == FailureKind::unauthorized);
  CHECK(results[0].failure->message ==
        "HTTP 401 from " + up.base() + "/repos/actions/checkout/releases?per_page=100");
  auto sent = up.header_values("/repos/actions/checkout/releases", "Authorization");
  REQUIRE(sent.size() == 1);
  CHECK(sent[0] == std::string("Bearer ") + token_value);
  for (const auto& r : results) CHECK(r.failure->message.find(token_value) == std::string::npos);
  CHECK(results[1].failure->message.find("***") != std::string::npos);
  std::string logged = log.text();
  CHECK_FALSE(logged.empty());
  CHECK(logged.find(token_value) == std::string::npos);
}

TEST_CASE(
    "the GitHub token can come from a file, and an unreadable file is a config error naming it",
    "[sources][secrets]") {
  test::TempDir dir;
  auto path = dir.write("token", std::string(token_value) + "\n");
  auto credentials = sources::Credentials::load("VERSIOND_TEST_UNSET_VARIABLE", path.string());
  CHECK(credentials.github_token.reveal() == token_value);
  auto missing = (dir.path() / "absent").string();
  try {
    sources::Credentials::load("", missing);
    FAIL("expected an error");
  } catch (const versiond::Error& e) {
    CHECK(e.kind() == versiond::ErrorKind::config);
    CHECK(std::string(e.what()) == missing + ": cannot read the GitHub token file");
  }
}

TEST_CASE("the GitHub token is not sent to a base URL on another origin", "[sources][secrets]") {
  test::FakeUpstream up;
  up.add_file("/repos/jonschlinkert/is-number/tags", "upstream/github/tags-list-is-number.json");
  up.add_file("/repos/jonschlinkert/is-number", "upstream/github/repo-get-example.json");
  net::HttpClient client(test::fake_options());
  sources::Credentials credentials;
  credentials.github_token = sources::Secret(token_value);
  sources::Lookups lookups(client, test::fake_endpoints(up), credentials);
  // Same server, other origin (host name differs): as if a scanned repository named its own API
  // host.
  auto foreign = lookups.lookup({Datasource::github_tags, "jonschlinkert/is-number",
                                 "http://localhost:" + std::to_string(up.port())});
  CHECK(foreign.ok());
  CHECK(up.header_values("/repos/jonschlinkert/is-number/tags", "Authorization").empty());
  auto configured = lookups.lookup({Datasource::github_tags, "jonschlinkert/is-number", ""});
  CHECK(configured.ok());
  CHECK(up.header_values("/repos/jonschlinkert/is-number/tags", "Authorization").size() == 1);
  // The archived side request follows the same rule: only the configured origin gets the token.
  CHECK(up.header_values("/repos/jonschlinkert/is-number", "Authorization").size() == 1);
}
