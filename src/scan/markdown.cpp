#include "versiond/scan/markdown.hpp"

#include <algorithm>

namespace versiond::scan {

bool markdown_plain(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u < 0x20 || u == 0x7f ||
           std::string_view("`*_[]<>|\\!~@#&").find(ch) != std::string_view::npos;
  });
}

std::string md_code(std::string_view s) {
  std::string out = "`";
  for (char ch : s) {
    if (ch == '`') {
      out += '\'';  // a backtick would end the span; nothing legitimate carries one
    } else if (ch == '|') {
      out += "\\|";
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out + "`";
}

std::string md_text(std::string_view s) { return markdown_plain(s) ? std::string(s) : md_code(s); }

std::optional<std::string> md_link_target(std::string_view url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return std::nullopt;
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : url) {
    const auto u = static_cast<unsigned char>(ch);
    if (u <= 0x20 || u == 0x7f ||
        std::string_view("()<>\"`|\\[]").find(ch) != std::string_view::npos) {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string md_fenced(std::string_view text) {
  std::size_t longest = 0;
  std::size_t run = 0;
  for (char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence + "\n" + std::string(text);
  if (out.back() != '\n') out += '\n';
  return out + fence + "\n";
}

}  // namespace versiond::scan
