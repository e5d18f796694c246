// Error convention for the whole project.
//
// Bad input, bad configuration and I/O failures are thrown as versiond::Error
// and caught exactly once, at the CLI boundary (src/cli/main.cpp), which prints
// the one-line message and exits with the code below. Expected, per-item
// failures that must not stop a run (one upstream lookup timing out) are values
// in the result types of the stage that produces them, never exceptions.
#pragma once

#include <stdexcept>
#include <string>

namespace versiond {

enum class ErrorKind {
  usage,     // bad arguments or a value the user typed (exit 2)
  input,     // a file in the repository cannot be parsed (exit 2)
  config,    // versiond.yaml or a policy file is wrong (exit 2)
  io,        // a file cannot be read or written (exit 2)
  internal,  // a broken invariant: a bug in versiond (exit 70)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const noexcept { return kind_; }

 private:
  ErrorKind kind_;
};

// "file:line: message", the shape every input error uses.
inline Error input_error(const std::string& file, int line, const std::string& message) {
  return Error(ErrorKind::input, file + ":" + std::to_string(line) + ": " + message);
}

// Process exit codes shared by every subcommand.
namespace exit_code {
inline constexpr int ok = 0;
inline constexpr int findings = 1;   // check: drift found
inline constexpr int usage = 2;      // usage, input, config or I/O error
inline constexpr int partial = 3;    // scan: some lookups failed
inline constexpr int internal = 70;  // EX_SOFTWARE
}  // namespace exit_code

}  // namespace versiond
