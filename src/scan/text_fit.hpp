// Fitting text into a terminal's columns: the scan's text report stays within
// 100 columns whatever the upstream sends (the JSON output keeps everything).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace versiond::scan {

inline constexpr std::size_t k_text_width = 100;

// Width in UTF-8 code points.
std::size_t text_width(std::string_view s);

// s, cut to at most `width` code points with "…" at the end when it was longer.
std::string fit(std::string_view s, std::size_t width);

// s broken at spaces into lines of at most `width` code points after `indent`
// spaces; a word longer than a line is cut with fit().
std::vector<std::string> wrap(std::string_view s, std::size_t width, std::size_t indent);

}  // namespace versiond::scan
