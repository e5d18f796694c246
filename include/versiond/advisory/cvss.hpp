// CVSS v3.x base score from a vector string.
//
// Implemented here from the FIRST specification (CVSS v3.1 Specification
// Document, section 7 "CVSS v3.1 Equations" and Appendix A "Floating Point
// Rounding") rather than taken from a library: the formula is twenty lines, no
// maintained C++ library for it is packaged on our build images, and the only
// packaged implementations are Python/Debian tooling we must not depend on at
// run time. v3.0 vectors use the same equations (v3.1 changed only the
// rounding function's definition, which gives the same results on valid input).
#pragma once

#include <optional>
#include <string_view>

#include "versiond/advisory/record.hpp"

namespace versiond::advisory {

// The base score (0.0-10.0) of a "CVSS:3.0/…" or "CVSS:3.1/…" vector; nullopt
// when the vector is not v3.x or lacks a base metric or has an unknown value.
std::optional<double> cvss3_base_score(std::string_view vector);

// The qualitative rating of a score (CVSS v3.1 Table 14): 0.1-3.9 low,
// 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical; 0.0 ("None") is unknown.
Severity severity_of_score(double score);

}  // namespace versiond::advisory
