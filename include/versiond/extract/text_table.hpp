// Aligned plain-text tables for the human (--format text) output of the CLI.
#pragma once

#include <string>
#include <vector>

namespace versiond {

// The first row is the header; columns are padded to their widest cell
// (counted in UTF-8 code points) and separated by two spaces.
std::string render_text_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace versiond
