// CVSS v3.x base scores against the scores published with the same vectors
// (the vectors are those of the GHSA fixtures and FIRST's own examples).
#include <catch2/catch.hpp>

#include "versiond/advisory/cvss.hpp"

using namespace versiond::advisory;

TEST_CASE("CVSS v3 base scores match the published scores") {
  CHECK(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H") == Approx(9.8));
  CHECK(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H") == Approx(9.9));
  CHECK(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H") == Approx(8.8));
  CHECK(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N") == Approx(7.5));
  CHECK(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:N") == Approx(8.6));
  CHECK(cvss3_base_score("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N") == Approx(6.1));
  CHECK(cvss3_base_score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N") == Approx(5.5));
  CHECK(cvss3_base_score("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N") == Approx(3.1));
  CHECK(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N") == Approx(0.0));
}

TEST_CASE("CVSS vectors that are not v3 or lack a metric give no score") {
  CHECK_FALSE(cvss3_base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"));
  CHECK_FALSE(cvss3_base_score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"));
  CHECK_FALSE(cvss3_base_score("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
  CHECK_FALSE(cvss3_base_score(""));
}

TEST_CASE("CVSS ratings") {
  CHECK(severity_of_score(9.0) == Severity::critical);
  CHECK(severity_of_score(8.9) == Severity::high);
  CHECK(severity_of_score(4.0) == Severity::medium);
  CHECK(severity_of_score(0.1) == Severity::low);
  CHECK(severity_of_score(0.0) == Severity::unknown);
}
