#include "versiond/update/edit.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <vector>

#include "versiond/core/error.hpp"
#include "versiond/update/constraint.hpp"

namespace versiond::update {

namespace {

struct LineSpan {
  std::size_t begin = 0;
  std::size_t end = 0;  // before "\r\n" / "\n"
};

// The span of 1-based line n, or nullopt past the end.
std::optional<LineSpan> line_span(std::string_view text, int n) {
  std::size_t pos = 0;
  for (int i = 1; i < n; ++i) {
    const auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      return std::nullopt;
    }
    pos = nl + 1;
  }
  if (pos >= text.size() && n > 1) {
    return std::nullopt;
  }
  auto end = text.find('\n', pos);
  if (end == std::string_view::npos) {
    end = text.size();
  }
  if (end > pos && text[end - 1] == '\r') {
    --end;
  }
  return LineSpan{pos, end};
}

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// Offsets in `region` where value starts as a whole token.
std::vector<std::size_t> occurrences(std::string_view region, std::string_view value) {
  std::vector<std::size_t> out;
  if (value.empty()) {
    return out;
  }
  for (auto at = region.find(value); at != std::string_view::npos;
       at = region.find(value, at + 1)) {
    const bool starts = at == 0 || !word_char(region[at - 1]) || !word_char(value.front());
    const auto after = at + value.size();
    const bool ends = after == region.size() || !word_char(value.back()) ||
                      !(word_char(region[after]) || region[after] == '+');
    if (starts && ends) {
      out.push_back(at);
    }
  }
  return out;
}

// Where the comment of a line starts (line.size() when it has none).
std::size_t comment_start(std::string_view line, LineSyntax syntax) {
  if (syntax == LineSyntax::markdown_table) {
    return line.size();
  }
  if (syntax == LineSyntax::dockerfile) {
    const auto first = line.find_first_not_of(" \t");
    return first != std::string_view::npos && line[first] == '#' ? first : line.size();
  }
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || (c == '\'' && syntax != LineSyntax::hcl)) {
      quote = c;
    } else if (c == '#') {
      if (syntax == LineSyntax::hcl || i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t') {
        return i;
      }
    } else if (syntax == LineSyntax::hcl && c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
      return i;
    }
  }
  return line.size();
}

std::string where(const LineEdit& e) { return e.file + ":" + std::to_string(e.line); }

// The cells of a markdown table row: [begin, end) offsets between pipes,
// ignoring pipes inside backticks or escaped with a backslash.
std::vector<std::pair<std::size_t, std::size_t>> cells_of(std::string_view row) {
  std::vector<std::size_t> pipes;
  bool in_code = false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;
    } else if (row[i] == '`') {
      in_code = !in_code;
    } else if (row[i] == '|' && !in_code) {
      pipes.push_back(i);
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> cells;
  const auto first = row.find_first_not_of(" \t");
  const bool leading = first != std::string_view::npos && row[first] == '|';
  std::size_t start = leading ? pipes.front() + 1 : 0;
  for (std::size_t k = leading ? 1 : 0; k < pipes.size(); ++k) {
    cells.emplace_back(start, pipes[k]);
    start = pipes[k] + 1;
  }
  const auto rest = row.substr(start);
  if (rest.find_first_not_of(" \t") != std::string_view::npos) {
    cells.emplace_back(start, row.size());
  }
  return cells;
}

// A header cell's text lower-cased, letters, digits and single spaces only.
std::string header_key(std::string_view cell) {
  std::string h;
  for (const char c : cell) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      h.push_back(static_cast<char>(std::tolower(u)));
    } else if (std::isspace(u) && !h.empty() && h.back() != ' ') {
      h.push_back(' ');
    }
  }
  while (!h.empty() && h.back() == ' ') {
    h.pop_back();
  }
  return h;
}

// The header words the inventory reads as the version column, and the ones
// naming a date column this writer keeps current.
bool is_version_header(const std::string& key) {
  static constexpr std::array<std::string_view, 9> k_names{
      "current",   "current version",   "version",          "pinned", "pinned version",
      "installed", "installed version", "deployed version", "in use"};
  return std::find(k_names.begin(), k_names.end(), key) != k_names.end();
}

bool is_date_header(const std::string& key) {
  static constexpr std::array<std::string_view, 8> k_names{
      "last updated", "last checked",  "last update", "updated",
      "checked",      "last verified", "updated on",  "checked on"};
  return std::find(k_names.begin(), k_names.end(), key) != k_names.end();
}

bool is_table_line(std::string_view line) { return line.find('|') != std::string_view::npos; }

// Offset of the first YYYY-MM-DD in s.
std::optional<std::size_t> find_date(std::string_view s) {
  for (std::size_t i = 0; i + 10 <= s.size(); ++i) {
    bool ok = true;
    for (std::size_t k = 0; k < 10 && ok; ++k) {
      const char c = s[i + k];
      ok = (k == 4 || k == 7) ? c == '-' : std::isdigit(static_cast<unsigned char>(c)) != 0;
    }
    if (ok && (i + 10 == s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 10])))) {
      return i;
    }
  }
  return std::nullopt;
}

std::string edit_table_row(std::string_view content, std::string_view row, const LineEdit& e,
                           const EditContext& ctx) {
  // The header: the first line of the block of table lines holding the row.
  std::vector<std::string_view> above;
  for (int n = e.line - 1; n >= 1; --n) {
    const auto span = line_span(content, n);
    const auto text = content.substr(span->begin, span->end - span->begin);
    if (!is_table_line(text)) {
      break;
    }
    above.push_back(text);
  }
  if (above.size() < 2) {
    throw Error(ErrorKind::input, where(e) + ": not a row of a table with a header");
  }
  const std::string_view header = above.back();
  const auto header_cells = cells_of(header);
  std::optional<std::size_t> version_col;
  std::optional<std::size_t> date_col;
  for (std::size_t i = 0; i < header_cells.size(); ++i) {
    const auto key = header_key(
        header.substr(header_cells[i].first, header_cells[i].second - header_cells[i].first));
    if (!version_col && is_version_header(key)) {
      version_col = i;
    } else if (!date_col && is_date_header(key)) {
      date_col = i;
    }
  }
  const auto cells = cells_of(row);
  if (!version_col || *version_col >= cells.size()) {
    throw Error(ErrorKind::input, where(e) + ": the table has no version column");
  }
  // Replacements, applied from the right so offsets stay valid.
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, std::string>> replace;
  const auto [vb, ve] = cells[*version_col];
  const auto cell = row.substr(vb, ve - vb);
  const auto found = occurrences(cell, e.old_value);
  if (found.empty()) {
    throw Error(ErrorKind::input, where(e) + ": '" + e.old_value + "' is not in the version cell");
  }
  replace.reserve(replace.size() + found.size());
  for (const auto at : found) {
    replace.push_back({{vb + at, e.old_value.size()}, e.new_value});
  }
  if (date_col && !ctx.today.empty() && *date_col < cells.size()) {
    const auto [db, de] = cells[*date_col];
    const auto dcell = row.substr(db, de - db);
    if (const auto d = find_date(dcell)) {
      replace.push_back({{db + *d, 10}, ctx.today});
    } else if (const auto first = dcell.find_first_not_of(" \t");
               first == std::string_view::npos ||
               dcell.substr(first, dcell.find_last_not_of(" \t") + 1 - first) == "-") {
      // An empty or "-" cell: today, padded like the cell.
      if (first == std::string_view::npos) {
        replace.push_back({{db, dcell.size()}, " " + ctx.today + " "});
      } else {
        replace.push_back({{db + first, 1}, ctx.today});
      }
    }
  }
  std::sort(replace.begin(), replace.end(),
            [](const auto& a, const auto& b) { return a.first.first > b.first.first; });
  std::string out(row);
  for (const auto& [span, value] : replace) {
    out.replace(span.first, span.second, value);
  }
  return out;
}

// The first version-looking token (v1.2.3, 4.0, v5) of a comment: offset, size.
std::optional<std::pair<std::size_t, std::size_t>> comment_version(std::string_view comment) {
  for (std::size_t i = 0; i < comment.size(); ++i) {
    std::size_t j = i;
    if (comment[j] == 'v' || comment[j] == 'V') {
      ++j;
    }
    if (j >= comment.size() || !std::isdigit(static_cast<unsigned char>(comment[j])) ||
        (i > 0 && word_char(comment[i - 1]))) {
      continue;
    }
    while (j < comment.size() && (std::isalnum(static_cast<unsigned char>(comment[j])) ||
                                  comment[j] == '.' || comment[j] == '-' || comment[j] == '+')) {
      ++j;
    }
    return std::make_pair(i, j - i);
  }
  return std::nullopt;
}

std::string edit_code_line(std::string_view row, const LineEdit& e) {
  const std::size_t code_end = comment_start(row, e.syntax);
  const auto code = row.substr(0, code_end);
  const auto found = occurrences(code, e.old_value);
  if (found.empty()) {
    throw Error(ErrorKind::input, where(e) + ": '" + e.old_value + "' is not on the line");
  }
  if (found.size() > 1) {
    throw Error(ErrorKind::input,
                where(e) + ": '" + e.old_value + "' appears more than once on the line");
  }
  std::string out(row.substr(0, found[0]));
  out += e.new_value;
  out += row.substr(found[0] + e.old_value.size(), code_end - found[0] - e.old_value.size());
  std::string comment(row.substr(code_end));
  if (e.syntax == LineSyntax::github_actions && !e.comment_version.empty() && !comment.empty()) {
    if (const auto v = comment_version(comment)) {
      const auto old = comment.substr(v->first, v->second);
      comment.replace(v->first, v->second, same_prefix(old, e.comment_version));
    }
  }
  return out + comment;
}

}  // namespace

std::string_view to_string(LineSyntax syntax) noexcept {
  switch (syntax) {
    case LineSyntax::markdown_table: return "markdown_table";
    case LineSyntax::yaml: return "yaml";
    case LineSyntax::hcl: return "hcl";
    case LineSyntax::dockerfile: return "dockerfile";
    case LineSyntax::github_actions: return "github_actions";
  }
  return "yaml";
}

std::optional<LineSyntax> parse_line_syntax(std::string_view text) noexcept {
  for (const auto s : {LineSyntax::markdown_table, LineSyntax::yaml, LineSyntax::hcl,
                       LineSyntax::dockerfile, LineSyntax::github_actions}) {
    if (to_string(s) == text) {
      return s;
    }
  }
  return std::nullopt;
}

LineSyntax syntax_for(PinKind kind) noexcept {
  switch (kind) {
    case PinKind::versions_table: return LineSyntax::markdown_table;
    case PinKind::terraform_provider:
    case PinKind::terraform_module:
    case PinKind::terraform_core:
    case PinKind::terraform_lock:
    case PinKind::terraform_aks: return LineSyntax::hcl;
    case PinKind::dockerfile_image: return LineSyntax::dockerfile;
    case PinKind::github_action:
    case PinKind::github_action_image: return LineSyntax::github_actions;
    default: return LineSyntax::yaml;
  }
}

std::string apply_line_edit(std::string_view content, const LineEdit& e,
                            const EditContext& context) {
  const auto span = line_span(content, e.line);
  if (e.line < 1 || !span) {
    throw Error(ErrorKind::input, where(e) + ": no such line");
  }
  const auto row = content.substr(span->begin, span->end - span->begin);
  const std::string edited = e.syntax == LineSyntax::markdown_table
                                 ? edit_table_row(content, row, e, context)
                                 : edit_code_line(row, e);
  std::string out;
  out.reserve(content.size() + edited.size());
  out += content.substr(0, span->begin);
  out += edited;
  out += content.substr(span->end);
  return out;
}

std::string iso_date(const Clock& clock) {
  const auto days = std::chrono::floor<std::chrono::days>(clock.now());
  const std::chrono::year_month_day ymd{days};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace versiond::update
