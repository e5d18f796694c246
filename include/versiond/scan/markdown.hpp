// Writing outside text into Markdown that GitHub renders (the scan report, the
// Upgrade Plan issue, pull request bodies). Versions, reasons and URLs come
// from upstream answers, names and paths from repository files: none of it may
// become markup, HTML, an entity, a link, a mention (@team) or a reference
// (#123). Plain values are written as they are, so ordinary reports read
// naturally; anything else goes into a code span, which GitHub shows literally.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace versiond::scan {

// True when `s` has no character that could start markup, HTML, an entity, a
// mention or a reference, and no control character.
bool markdown_plain(std::string_view s);

// `s` as a code span: backticks become ', pipes are escaped (GFM splits table
// cells before it reads code spans), control characters become spaces.
std::string md_code(std::string_view s);

// `s` as it is when plain, else as a code span.
std::string md_text(std::string_view s);

// A link target for http(s) URLs, with the characters that would end or break
// a Markdown link percent-encoded; nullopt for anything else (javascript:, …).
std::optional<std::string> md_link_target(std::string_view url);

// `text` in a fenced code block whose fence is longer than any run of
// backticks inside it, so the text cannot close it.
std::string md_fenced(std::string_view text);

}  // namespace versiond::scan
