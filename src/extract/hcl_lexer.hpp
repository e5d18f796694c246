// Tokens of the HCL subset (see hcl.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace versiond::extract::hcl {

struct Token {
  enum class Type { ident, string, number, punct, newline, end };
  Type type = Type::end;
  std::string text;      // ident/number/punct text; string: decoded literal
  bool literal = false;  // string without ${...}/%{...} templates (heredocs: false)
  int line = 0;
};

// Splits text into tokens; comments are dropped (a line comment still ends
// its line). Throws input_error on unterminated strings, comments, heredocs
// and on characters HCL does not allow.
std::vector<Token> tokenize(std::string_view text, const std::string& file);

}  // namespace versiond::extract::hcl
