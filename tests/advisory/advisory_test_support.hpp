// Loading the real advisory records of tests/fixtures/advisories/ (see its
// SOURCES.md for provenance and the CC-BY 4.0 attribution of the data).
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "versiond/advisory/evaluate.hpp"
#include "versiond/advisory/record.hpp"

namespace versiond::test {

inline std::string advisory_text(const std::string& file) {
  std::ifstream in(std::string(VERSIOND_FIXTURES) + "/advisories/" + file, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline advisory::Record advisory_record(const std::string& file) {
  std::vector<advisory::Diagnostic> diagnostics;
  auto r = advisory::parse_osv(advisory_text(file), diagnostics, file);
  REQUIRE(r);
  return *r;
}

}  // namespace versiond::test
