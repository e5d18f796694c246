// Properties over generated inputs: loose never throws, and every scheme's
// compare is a consistent total order (antisymmetric, transitive).
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "versioning/helpers.hpp"

using versiond::versioning::Scheme;
using versiond::versioning::scheme_for;

namespace {

std::string random_bytes(std::mt19937& rng) {
  static const std::string alphabet =
      "0123456789.-+_~^<>=!|, vVxX*abrcltesnphmdfjku\t\n\xc3\xa9\xe2\x9c\x93\x01";
  std::uniform_int_distribution<std::size_t> len(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string s;
  for (std::size_t n = len(rng); n > 0; --n) {
    s += alphabet[pick(rng)];
  }
  return s;
}

// Random strings from a small grammar, so that many are valid in each scheme.
std::string random_version(std::mt19937& rng) {
  static const std::vector<std::string> pres{"",           "",      "",         "-rc.1",
                                             "-rc.2",      "-beta", "-alpha.1", "-alpine",
                                             "-rc-alpine", "rc1",   "-1",       "+b7"};
  std::uniform_int_distribution<int> num(0, 12);
  std::uniform_int_distribution<int> segs(1, 4);
  std::uniform_int_distribution<std::size_t> pre(0, pres.size() - 1);
  std::string s = num(rng) % 5 == 0 ? "v" : "";
  for (int i = segs(rng); i > 0; --i) {
    s += std::to_string(num(rng));
    if (i > 1) {
      s += '.';
    }
  }
  return s + pres[pre(rng)];
}

void check_total_order(const Scheme& s, const std::vector<std::string>& values) {
  std::vector<std::string> valid;
  for (const auto& v : values) {
    if (s.valid(v)) {
      valid.push_back(v);
    }
  }
  INFO(s.name() << ": " << valid.size() << " valid values");
  CHECK(valid.size() >= 10);
  for (const auto& a : valid) {
    REQUIRE(s.compare(a, a) == 0);
    for (const auto& b : valid) {
      const int ab = s.compare(a, b);
      REQUIRE(ab == -s.compare(b, a));
      for (const auto& c : valid) {
        if (ab <= 0 && s.compare(b, c) <= 0) {
          CAPTURE(a, b, c);
          REQUIRE(s.compare(a, c) <= 0);
        }
      }
    }
  }
}

}  // namespace

TEST_CASE("loose: no exception escapes for arbitrary strings", "[loose][fuzz]") {
  const auto& loose = scheme_for("loose");
  std::mt19937 rng(20261129);
  std::vector<std::string> values;
  for (int i = 0; i < 3000; ++i) {
    values.push_back(random_bytes(rng));
  }
  values.emplace_back(100000, '7');
  values.emplace_back(
      std::string("1.2\0"
                  "3",
                  5));
  for (std::size_t i = 0; i + 1 < values.size(); ++i) {
    const auto& a = values[i];
    const auto& b = values[i + 1];
    REQUIRE_NOTHROW(loose.valid(a));
    REQUIRE_NOTHROW(loose.stable(a));
    REQUIRE_NOTHROW(loose.bump(a, b));
    REQUIRE(loose.compare(a, b) == -loose.compare(b, a));
    REQUIRE(loose.compare(a, a) == 0);
  }
  REQUIRE_NOTHROW(loose.latest(values, std::nullopt, std::nullopt));
  REQUIRE_NOTHROW(loose.latest(values, std::nullopt, std::string_view(values[3])));
}

TEST_CASE("every scheme: arbitrary strings give a value or a usage error", "[fuzz]") {
  std::mt19937 rng(7);
  std::vector<std::string> values;
  for (int i = 0; i < 1500; ++i) {
    values.push_back(random_bytes(rng));
  }
  for (const auto& name : versiond::versioning::scheme_names()) {
    const auto& s = scheme_for(name);
    for (std::size_t i = 0; i + 1 < values.size(); ++i) {
      CAPTURE(name, values[i], values[i + 1]);
      try {
        (void)s.satisfies("1.2.3", values[i]);
        (void)s.compare(values[i], values[i + 1]);
      } catch (const versiond::Error& e) {
        REQUIRE(e.kind() == versiond::ErrorKind::usage);
        REQUIRE(std::string(e.what()).find('\n') == std::string::npos);
      }
    }
  }
}

TEST_CASE("every scheme: compare is a total order on generated versions", "[order]") {
  std::mt19937 rng(42);
  std::vector<std::string> values;
  for (int i = 0; i < 80; ++i) {
    values.push_back(random_version(rng));
  }
  for (const auto& name : versiond::versioning::scheme_names()) {
    check_total_order(scheme_for(name), values);
  }
}
