// Shared checks for the scheme tests.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "versiond/core/error.hpp"
#include "versiond/versioning/scheme.hpp"

namespace versiond::test {

// The message of the versiond::Error that fn throws ("" when none is thrown);
// fails the test if the error kind is not usage.
template <class Fn>
std::string usage_error_of(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.what();
  }
  return "";
}

// compare(a, b) == expected, and the mirror image holds.
inline void check_order(const versioning::Scheme& s, const std::string& a, const std::string& b,
                        int expected) {
  CAPTURE(s.name(), a, b);
  CHECK(s.compare(a, b) == expected);
  CHECK(s.compare(b, a) == -expected);
}

inline void check_bump(const versioning::Scheme& s, const std::string& from, const std::string& to,
                       versioning::Bump type, bool breaking) {
  CAPTURE(s.name(), from, to);
  const auto info = s.bump(from, to);
  CHECK(info.type == type);
  CHECK(info.breaking == breaking);
}

inline void check_satisfies(const versioning::Scheme& s, const std::string& v, const std::string& c,
                            bool expected) {
  CAPTURE(s.name(), v, c);
  CHECK(s.satisfies(v, c) == expected);
}

inline void check_validity(const versioning::Scheme& s, const std::string& v, bool valid,
                           bool stable) {
  CAPTURE(s.name(), v);
  CHECK(s.valid(v) == valid);
  CHECK(s.stable(v) == stable);
}

// satisfies() with constraint c throws "invalid <scheme> constraint 'c'…".
inline void check_invalid_constraint(const versioning::Scheme& s, const std::string& c) {
  CAPTURE(s.name(), c);
  const auto msg = usage_error_of([&] { (void)s.satisfies("1.0.0", c); });
  CHECK(msg.rfind("invalid " + std::string(s.name()) + " constraint '" + c + "'", 0) == 0);
}

}  // namespace versiond::test
