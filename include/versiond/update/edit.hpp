// Byte-exact line writers: one edit replaces a version on one line and
// nothing else. Quoting, comments, indentation, line endings and every other
// line stay as they were; no file is parsed and re-serialised.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "versiond/core/clock.hpp"
#include "versiond/extract/kinds.hpp"

namespace versiond::update {

// How a line is read: where its comment starts, which part holds the value.
enum class LineSyntax {
  markdown_table,  // a VERSIONS.md row: the Current/Version cell (and a Last updated cell)
  yaml,            // '#' after whitespace, outside quotes, starts a comment
  hcl,             // '#' or '//' outside quotes starts a comment
  dockerfile,      // only whole-line comments
  github_actions,  // yaml; a SHA pin's "# vX.Y.Z" comment follows the edit
};

std::string_view to_string(LineSyntax syntax) noexcept;
std::optional<LineSyntax> parse_line_syntax(std::string_view text) noexcept;

// The syntax of the line a component's origin points to.
LineSyntax syntax_for(PinKind kind) noexcept;

// One edit: on `line` of `file`, the bytes old_value become new_value.
struct LineEdit {
  std::string file;  // repository-relative, '/' separators
  int line = 0;      // 1-based
  std::string old_value;
  std::string new_value;
  LineSyntax syntax = LineSyntax::yaml;
  // github_actions: the release a SHA pin now points to; the version in the
  // line's trailing comment becomes this ("" leaves the comment alone).
  std::string comment_version;
};

struct EditContext {
  // "YYYY-MM-DD" written into a markdown row's Last updated / Last checked
  // cell; "" leaves such a cell alone.
  std::string today;
};

// content with the edit applied. Throws Error(input, "file:line: …") when the
// line does not exist, old_value is not on it (outside comments, or outside
// the version cell of a table row), or appears there more than once (tables:
// every occurrence in the version cell changes, a link target included).
std::string apply_line_edit(std::string_view content, const LineEdit& edit,
                            const EditContext& context = {});

// "YYYY-MM-DD" (UTC) of the clock's now.
std::string iso_date(const Clock& clock);

}  // namespace versiond::update
