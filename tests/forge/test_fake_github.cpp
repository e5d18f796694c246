// The fake GitHub itself: it must reject what GitHub's description does not allow,
// or the forge client's tests would prove nothing.
#include <httplib.h>

#include <catch2/catch.hpp>

#include "support/fake_github.hpp"

using versiond::test::FakeGithub;

namespace {

// Sends one raw request and answers the status.
int send(FakeGithub& gh, const std::string& method, const std::string& target,
         const std::string& body = {}) {
  httplib::Client client("127.0.0.1", gh.port());
  httplib::Result r = method == "GET"     ? client.Get(target.c_str())
                      : method == "POST"  ? client.Post(target.c_str(), body, "application/json")
                      : method == "PATCH" ? client.Patch(target.c_str(), body, "application/json")
                                          : client.Delete(target.c_str());
  return r ? r->status : 0;
}

}  // namespace

TEST_CASE("fake GitHub validates requests against the OpenAPI description", "[forge][fake]") {
  // Each request below is invalid in its own way; the fake answers an error and
  // records one violation, which this test takes (so they do not fail it).
  FakeGithub gh("acme/platform");
  CHECK(send(gh, "GET", "/repos/acme/platform/nonsense") == 404);
  CHECK(send(gh, "DELETE", "/repos/acme/platform/issues/1") == 405);
  CHECK(send(gh, "GET", "/repos/acme/platform/issues/abc") == 422);
  CHECK(send(gh, "GET", "/repos/acme/platform/pulls?state=merged") == 422);
  CHECK(send(gh, "GET", "/search/issues") == 422);  // q is required
  CHECK(send(gh, "POST", "/repos/acme/platform/issues", R"({"body":"no title"})") == 422);
  CHECK(send(gh, "POST", "/repos/acme/platform/issues", R"({"title":"t","labels":"x"})") == 422);
  CHECK(send(gh, "PATCH", "/repos/acme/platform/issues/1", R"({"state":"gone"})") == 422);
  CHECK(send(gh, "GET", "/repos/acme/platform/issues?colour=red") == 422);
  const std::vector<std::string> seen = gh.take_violations();
  REQUIRE(seen.size() == 9);
  CHECK(seen[0].find("no such route") != std::string::npos);
  CHECK(seen[1].find("method not documented") != std::string::npos);
  CHECK(seen[2].find("not an integer") != std::string::npos);
  CHECK(seen[3].find("not in the enum") != std::string::npos);
  CHECK(seen[4].find("'q' missing") != std::string::npos);
  CHECK(seen[5].find("required field 'title'") != std::string::npos);
  CHECK(seen[6].find("body.labels: expected array") != std::string::npos);
  CHECK(seen[7].find("body.state") != std::string::npos);
  CHECK(seen[8].find("'colour' is not documented") != std::string::npos);
}

TEST_CASE("fake GitHub keeps issue state and records every request", "[forge][fake]") {
  FakeGithub gh("acme/platform");
  CHECK(send(gh, "POST", "/repos/acme/platform/issues",
             R"({"title":"Upgrade Plan 2026-W49","body":"x","labels":["upgrade-plan"]})") == 201);
  CHECK(send(gh, "GET", "/repos/acme/platform/issues?labels=upgrade-plan&state=all") == 200);
  CHECK(send(gh, "PATCH", "/repos/acme/platform/issues/1", R"({"state":"closed"})") == 200);
  REQUIRE(gh.issues().size() == 1);
  CHECK(gh.issues()[0].state == "closed");
  CHECK(gh.labels() == std::vector<std::string>{"upgrade-plan"});
  CHECK(gh.write_lines() == std::vector<std::string>{"POST /repos/acme/platform/issues",
                                                     "PATCH /repos/acme/platform/issues/1"});
  CHECK(gh.requests().size() == 3);
  CHECK(gh.violations().empty());
}
