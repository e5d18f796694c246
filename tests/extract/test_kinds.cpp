// The closed sets that describe a component print and parse one way.
#include <catch2/catch.hpp>

#include "versiond/extract/component.hpp"
#include "versiond/extract/kinds.hpp"

using namespace versiond;

TEST_CASE("pin kinds, datasources and skip reasons round-trip through their names",
          "[extract][kinds]") {
  for (int i = 0; i <= static_cast<int>(PinKind::flux_oci); ++i) {
    const auto kind = static_cast<PinKind>(i);
    CAPTURE(i);
    CHECK(to_string(kind) != "?");
    CHECK(parse_pin_kind(to_string(kind)) == kind);
  }
  for (int i = 0; i <= static_cast<int>(Datasource::endoflife); ++i) {
    const auto ds = static_cast<Datasource>(i);
    CAPTURE(i);
    CHECK(parse_datasource(to_string(ds)) == ds);
  }
  for (int i = 0; i <= static_cast<int>(SkipReason::invalid_reference); ++i) {
    const auto reason = static_cast<SkipReason>(i);
    CAPTURE(i);
    CHECK(parse_skip_reason(to_string(reason)) == reason);
  }
  CHECK(to_string(PinKind::k8s_image) == "k8s-image");
  CHECK(to_string(Datasource::github_releases) == "github-releases");
  CHECK_FALSE(parse_datasource("rubygems"));
  CHECK_FALSE(parse_pin_kind("k8s_image"));
}

TEST_CASE("a skipped component says why, with the detail when there is one", "[extract][kinds]") {
  Component c;
  CHECK_FALSE(c.skipped());
  c.skip_because(SkipReason::latest);
  CHECK(c.skipped());
  CHECK(c.skip_text() == "latest");
  c.skip_because(SkipReason::unsupported_source, "repository alias '@bitnami'");
  CHECK(c.skip_text() == "repository alias '@bitnami'");
  c.skip_because(SkipReason::none);
  CHECK_FALSE(c.skipped());
}
