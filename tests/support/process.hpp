// Runs a program (no shell) and captures its output, for CLI tests.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace versiond::test {

struct ProcessResult {
  int exit_code = -1;  // 128+signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] with argv; `env` entries are added to (or override) the environment;
// `input` is written to stdin. Throws std::runtime_error if it cannot start.
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& env = {},
                          const std::string& input = {});

// The full path of a program found on $PATH (run_process takes a path), or
// /usr/bin/<name> when it is not there.
std::string program_on_path(const std::string& name);

// Runs the versiond binary under test with the given arguments.
ProcessResult run_versiond(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env = {});

}  // namespace versiond::test
