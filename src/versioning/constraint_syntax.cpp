#include "versioning/constraint_syntax.hpp"

#include <array>
#include <optional>
#include <string>

#include "versioning/text.hpp"

namespace versiond::versioning::detail {
namespace {

bool is_op_char(char c) {
  return c == '=' || c == '!' || c == '<' || c == '>' || c == '~' || c == '^';
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::optional<Op> op_named(std::string_view s, bool range) {
  struct Entry {
    std::string_view text;
    Op op;
    bool range_only;  // only in the Masterminds range language
  };
  static constexpr std::array<Entry, 12> ops{{
      {"", Op::eq, false},
      {"=", Op::eq, false},
      {"!=", Op::ne, false},
      {">", Op::gt, false},
      {">=", Op::ge, false},
      {"<", Op::lt, false},
      {"<=", Op::le, false},
      {"~>", Op::pessimistic, false},
      {"=>", Op::ge, true},
      {"=<", Op::le, true},
      {"~", Op::tilde, true},
      {"^", Op::caret, true},
  }};
  for (const auto& e : ops) {
    if (e.text == s && (range || !e.range_only)) {
      return e.op;
    }
  }
  return std::nullopt;
}

// Splits on "||"; a lone '|' is left in place and fails later as a bad operand.
std::vector<std::string_view> split_alternatives(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '|' && text[i + 1] == '|') {
      parts.push_back(text.substr(start, i - start));
      start = i + 2;
      ++i;
    }
  }
  parts.push_back(text.substr(start));
  return parts;
}

class Invalid {
 public:
  Invalid(std::string_view scheme, std::string_view text) : scheme_(scheme), text_(text) {}
  [[noreturn]] void operator()(const std::string& why) const {
    throw_invalid_constraint(scheme_, text_, why);
  }

 private:
  std::string_view scheme_;
  std::string_view text_;
};

}  // namespace

bool comparison_holds(Op op, int cmp) noexcept {
  switch (op) {
    case Op::eq: return cmp == 0;
    case Op::ne: return cmp != 0;
    case Op::gt: return cmp > 0;
    case Op::ge: return cmp >= 0;
    case Op::lt: return cmp < 0;
    case Op::le: return cmp <= 0;
    case Op::pessimistic:
    case Op::tilde:
    case Op::caret: break;
  }
  return false;
}

Disjunction parse_list_syntax(std::string_view text, std::string_view scheme, bool allow_or) {
  const Invalid invalid(scheme, text);
  if (trim(text).empty()) {
    invalid("empty");
  }
  Disjunction result;
  const auto groups = allow_or ? split_alternatives(text) : std::vector<std::string_view>{text};
  for (const auto group : groups) {
    Conjunction terms;
    for (const auto raw : split(group, ',')) {
      auto item = trim(raw);
      if (item.empty()) {
        invalid("empty condition");
      }
      std::size_t n = 0;
      while (n < item.size() && is_op_char(item[n])) {
        ++n;
      }
      const auto op_text = item.substr(0, n);
      const auto op = op_named(op_text, false);
      if (!op) {
        invalid("unknown operator '" + shown(op_text) + "'");
      }
      const auto operand = trim(item.substr(n));
      if (operand.empty()) {
        invalid("missing version after '" + shown(op_text) + "'");
      }
      for (const char c : operand) {
        if (is_space(c)) {
          invalid("unexpected space in '" + shown(operand) + "'");
        }
      }
      terms.push_back({*op, operand});
    }
    result.push_back(std::move(terms));
  }
  return result;
}

Disjunction parse_range_syntax(std::string_view text, std::string_view scheme) {
  const Invalid invalid(scheme, text);
  if (trim(text).empty()) {
    invalid("empty");
  }
  Disjunction result;
  for (const auto group : split_alternatives(text)) {
    Conjunction terms;
    std::size_t i = 0;
    const auto skip_spaces = [&] {
      while (i < group.size() && is_space(group[i])) {
        ++i;
      }
    };
    const auto read_operand = [&] {
      const std::size_t start = i;
      while (i < group.size() && !is_space(group[i]) && group[i] != ',' && !is_op_char(group[i])) {
        ++i;
      }
      return group.substr(start, i - start);
    };
    while (true) {
      const std::size_t before = i;
      bool comma = false;
      while (i < group.size() && (is_space(group[i]) || group[i] == ',')) {
        if (group[i] == ',') {
          if (comma || terms.empty()) {
            invalid("empty condition");
          }
          comma = true;
        }
        ++i;
      }
      if (i == group.size()) {
        if (comma) {
          invalid("empty condition");
        }
        break;
      }
      if (!terms.empty() && i == before) {
        invalid("conditions must be separated by a comma or a space");
      }
      const std::size_t op_start = i;
      while (i < group.size() && is_op_char(group[i])) {
        ++i;
      }
      const auto op_text = group.substr(op_start, i - op_start);
      const auto op = op_named(op_text, true);
      if (!op) {
        invalid("unknown operator '" + shown(op_text) + "'");
      }
      skip_spaces();
      const auto operand = read_operand();
      if (operand.empty()) {
        invalid("missing version after '" + shown(op_text) + "'");
      }
      // "A - B": a hyphen standing alone between two bare versions.
      std::size_t look = i;
      while (look < group.size() && is_space(group[look])) {
        ++look;
      }
      const bool hyphen = look > i && look < group.size() && group[look] == '-' &&
                          (look + 1 == group.size() || is_space(group[look + 1]));
      if (!hyphen) {
        terms.push_back({*op, operand});
        continue;
      }
      if (!op_text.empty()) {
        invalid("a hyphen range takes bare versions");
      }
      i = look + 1;
      skip_spaces();
      if (i < group.size() && is_op_char(group[i])) {
        invalid("a hyphen range takes bare versions");
      }
      const auto upper = read_operand();
      if (upper.empty()) {
        invalid("missing upper bound of hyphen range");
      }
      terms.push_back({Op::ge, operand});
      terms.push_back({Op::le, upper});
    }
    if (terms.empty()) {
      invalid("empty alternative");
    }
    result.push_back(std::move(terms));
  }
  return result;
}

}  // namespace versiond::versioning::detail
