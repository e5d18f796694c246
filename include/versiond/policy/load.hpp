// Reading and validating a policy file. Every problem is collected, each as
// "FILE:LINE: field: what is wrong"; a policy with errors is never used.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "versiond/policy/policy.hpp"

namespace versiond::policy {

struct Diagnostic {
  std::string file;
  int line = 0;       // 1-based
  std::string field;  // "rules[2].match.update"
  std::string message;
  bool warning = false;

  std::string to_string() const;  // "FILE:LINE: field: message" (", warning: " for warnings)
};

struct Loaded {
  Policy policy;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  bool ok() const { return errors.empty(); }
};

// Parses and validates YAML text; `file` names it in diagnostics.
Loaded parse_policy(std::string_view yaml, const std::string& file);
// Reads a file (an unreadable file is one error at line 0).
Loaded load_policy_file(const std::filesystem::path& file);

// policies/default.yaml as compiled into the binary.
std::string_view embedded_default_policy_text();
inline constexpr const char* k_embedded_default_name = "<embedded policies/default.yaml>";
// The embedded default, parsed once. Throws Error(internal) if it is invalid.
const Policy& default_policy();

// Throws Error(config) with every error, one per line, when `loaded` has any.
const Policy& require_valid(const Loaded& loaded);

// A component known to the repository, for checks that need the estate.
struct KnownComponent {
  std::string name;
  std::string package;
};
// Warnings for couplings whose `if` or `requires` match no known component.
std::vector<Diagnostic> check_couplings(const Policy& policy,
                                        const std::vector<KnownComponent>& known);

}  // namespace versiond::policy
