// Every version scheme (semver, hashicorp, helm, docker, loose) and its
// constraint language (the updater's constraint rewriter is fuzzed by
// fuzz_update). The first byte
// chooses the scheme; the lines of the rest are version a, version b, a
// constraint, then candidates for latest().
#include <algorithm>

#include "fuzz_support.hpp"
#include "versiond/versioning/scheme.hpp"

namespace {

namespace vs = versiond::versioning;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = versiond::fuzz;
  const fz::Selected in = fz::select(data, size, 2 * vs::all_scheme_ids.size());
  const vs::SchemeId id = vs::all_scheme_ids[in.choice % vs::all_scheme_ids.size()];
  // Choices past the scheme count also pass version a as latest()'s `current`.
  const bool with_current = in.choice >= vs::all_scheme_ids.size();
  const vs::Scheme& scheme = vs::scheme_for(id);
  const std::vector<std::string_view> lines = fz::split_lines(in.rest);
  const std::string_view a = lines[0];
  const std::string_view b = lines.size() > 1 ? lines[1] : std::string_view("1.0.0");
  const std::string_view c = lines.size() > 2 ? lines[2] : std::string_view(">= 1.0.0");

  (void)vs::parse_scheme_id(a);
  fz::accepts([&] { (void)vs::scheme_for(a); });

  // valid/stable/valid_constraint answer for any text; they never throw.
  const bool a_valid = scheme.valid(a);
  const bool b_valid = scheme.valid(b);
  const bool c_valid = scheme.valid_constraint(c);
  if (a_valid) (void)scheme.stable(a);

  if (a_valid && b_valid) {
    // A total order: reflexive and antisymmetric.
    const int ab = scheme.compare(a, b);
    const int ba = scheme.compare(b, a);
    FUZZ_CHECK(scheme.compare(a, a) == 0);
    FUZZ_CHECK(ab >= -1 && ab <= 1);
    FUZZ_CHECK(ab == -ba);
    fz::accepts([&] { (void)scheme.bump(a, b); });
  } else {
    fz::accepts([&] { (void)scheme.compare(a, b); });
    fz::accepts([&] { (void)scheme.bump(a, b); });
  }
  fz::accepts([&] { (void)scheme.satisfies(a, c); });
  if (a_valid && c_valid) {
    // A valid version against a valid constraint has an answer.
    (void)scheme.satisfies(a, c);
  }

  std::vector<std::string> candidates;
  for (std::size_t i = 3; i < lines.size(); ++i) candidates.emplace_back(lines[i]);
  candidates.emplace_back(a);
  candidates.emplace_back(b);
  fz::accepts([&] {
    const std::optional<std::string> best =
        scheme.latest(candidates, c_valid ? std::optional<std::string_view>(c) : std::nullopt,
                      with_current ? std::optional<std::string_view>(a) : std::nullopt);
    if (best) {
      FUZZ_CHECK(std::find(candidates.begin(), candidates.end(), *best) != candidates.end());
      FUZZ_CHECK(scheme.valid(*best));
      // A pre-release only when the current version is one (its line continues).
      FUZZ_CHECK(scheme.stable(*best) || (with_current && !scheme.stable(a)));
      if (c_valid) FUZZ_CHECK(scheme.satisfies(*best, c));
    }
  });

  return 0;
}
