// endoflife.date cycles with dated, boolean and absent end-of-life values.
#include <catch2/catch.hpp>

#include "sources/sources_test_support.hpp"

using namespace versiond;

TEST_CASE("endoflife.date cycles carry release date, EOL and newest patch",
          "[sources][endoflife]") {
  test::FakeUpstream up;
  up.add_file("/api/kubernetes.json", "upstream/endoflife/kubernetes.json");
  net::HttpClient client(test::fake_options());
  sources::Lookups lookups(client, test::fake_endpoints(up), {});
  auto r = lookups.lookup({Datasource::endoflife, "kubernetes", ""});
  REQUIRE(r.ok());
  REQUIRE(r.releases.size() == 5);
  CHECK(r.releases[0].version == "1.31");
  CHECK(r.releases[0].published == "2024-08-13");
  CHECK(r.releases[0].eol == "2025-10-28");
  CHECK(r.releases[0].latest == "1.31.4");
  CHECK(r.releases[4].eol == "ended");     // "eol": true
  CHECK(r.releases[4].notes_url.empty());  // "link": null
  up.not_found("/api/no-such-product.json");
  auto missing = lookups.lookup({Datasource::endoflife, "no-such-product", ""});
  CHECK(missing.failure_kind() == FailureKind::not_found);
  auto bad = lookups.lookup({Datasource::endoflife, "../secrets", ""});
  CHECK(bad.failure_kind() == FailureKind::unsupported);
}
