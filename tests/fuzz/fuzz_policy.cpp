// The policy loader (YAML → validated Policy with diagnostics) and the small
// parsers it uses: durations and match globs. The first byte chooses.
#include "fuzz_support.hpp"
#include "versiond/policy/duration.hpp"
#include "versiond/policy/glob.hpp"
#include "versiond/policy/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fz = versiond::fuzz;
  namespace pl = versiond::policy;
  const versiond::fuzz::Selected in = versiond::fuzz::select(data, size, 4);
  switch (in.choice) {
    case 0:
    case 1: {
      // Every problem is a diagnostic: parse_policy itself never throws.
      const pl::Loaded loaded = pl::parse_policy(in.rest, "policy.yaml");
      for (const pl::Diagnostic& d : loaded.errors) {
        FUZZ_CHECK(d.file == "policy.yaml");
        FUZZ_CHECK(!d.warning);
        (void)d.to_string();
      }
      fz::accepts([&] { (void)pl::require_valid(loaded); });
      if (loaded.ok()) {
        (void)pl::check_couplings(loaded.policy, {{"Prometheus", "prometheus/prometheus"}});
      }
      break;
    }
    case 2: {
      if (const auto d = pl::parse_duration(in.rest)) FUZZ_CHECK(d->count() > 0);
      break;
    }
    default: {
      const std::vector<std::string_view> lines = fz::split_lines(in.rest);
      const std::string pattern(lines[0]);
      const std::string subject(lines.size() > 1 ? lines[1] : std::string_view("a/b"));
      for (const bool path : {false, true}) {
        if (pl::glob_problem(pattern, path).empty()) {
          if (path) {
            (void)pl::path_glob_match(pattern, subject);
          } else {
            (void)pl::glob_match(pattern, subject, true);
            (void)pl::glob_match(pattern, subject, false);
          }
        }
      }
      break;
    }
  }
  return 0;
}
