#include "versiond/update/constraint.hpp"

#include <cctype>
#include <vector>

#include "versiond/core/error.hpp"

namespace versiond::update {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

bool starts_with_v_digit(std::string_view s) {
  return s.size() > 1 && (s[0] == 'v' || s[0] == 'V') &&
         std::isdigit(static_cast<unsigned char>(s[1]));
}

// The numeric release segments of a version ("v4.78.0-rc1" → 4, 78, 0).
std::vector<long> segments(std::string_view v) {
  if (starts_with_v_digit(v)) {
    v.remove_prefix(1);
  }
  std::vector<long> out;
  std::size_t i = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
    long n = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
      n = n * 10 + (v[i] - '0');
      ++i;
    }
    out.push_back(n);
    if (i < v.size() && v[i] == '.') {
      ++i;
    } else {
      break;
    }
  }
  return out;
}

std::string join(const std::vector<long>& segs) {
  std::string out;
  for (std::size_t i = 0; i < segs.size(); ++i) {
    out += (i == 0 ? "" : ".") + std::to_string(segs[i]);
  }
  return out;
}

// target's first n segments, padded with zeros.
std::vector<long> first(const std::vector<long>& target, std::size_t n) {
  std::vector<long> out(n, 0);
  for (std::size_t i = 0; i < n && i < target.size(); ++i) {
    out[i] = target[i];
  }
  return out;
}

bool zero_after_major(const std::vector<long>& s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] != 0) {
      return false;
    }
  }
  return true;
}

// One "op operand" term of a constraint.
struct Term {
  std::string op;  // "", "=", "==", "~>", "^", "~", ">=", ">", "<", "<="
  std::string operand;
};

std::optional<Term> parse_term(std::string_view t) {
  t = trim(t);
  static constexpr std::string_view k_ops[] = {"~>", ">=", "<=", "==", "=", ">", "<", "^", "~"};
  Term term;
  for (const auto op : k_ops) {
    if (t.substr(0, op.size()) == op) {
      term.op = std::string(op);
      t = trim(t.substr(op.size()));
      break;
    }
  }
  if (t.empty() || t.find_first_of(" \t,|") != std::string_view::npos ||
      !(std::isdigit(static_cast<unsigned char>(t[0])) || starts_with_v_digit(t))) {
    return std::nullopt;
  }
  // Wildcards ("1.x", "1.2.*") are ranges, not versions.
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool segment_start = i == 0 || t[i - 1] == '.';
    if (segment_start && (t[i] == 'x' || t[i] == 'X' || t[i] == '*')) {
      return std::nullopt;
    }
  }
  term.operand = std::string(t);
  return term;
}

// The terms of a constraint joined by ',' (or whitespace between complete
// terms, as semver ranges write ">=1.0.0 <2.0.0"); nullopt for '||' or
// anything else this cannot read.
std::optional<std::vector<Term>> parse_terms(std::string_view c) {
  if (c.find("||") != std::string_view::npos || c.find(" - ") != std::string_view::npos) {
    return std::nullopt;
  }
  std::vector<std::string> pieces;
  std::string piece;
  for (std::size_t i = 0; i < c.size(); ++i) {
    const char ch = c[i];
    if (ch == ',') {
      pieces.push_back(piece);
      piece.clear();
    } else if (std::isspace(static_cast<unsigned char>(ch)) && !trim(piece).empty() &&
               std::isdigit(static_cast<unsigned char>(trim(piece).back()))) {
      // Whitespace after a complete "op version" ends the term.
      const auto next = c.find_first_not_of(" \t", i);
      if (next != std::string_view::npos && c[next] != ',') {
        pieces.push_back(piece);
        piece.clear();
      }
    } else {
      piece += ch;
    }
  }
  pieces.push_back(piece);
  std::vector<Term> terms;
  for (const auto& p : pieces) {
    auto t = parse_term(p);
    if (!t) {
      return std::nullopt;
    }
    terms.push_back(std::move(*t));
  }
  return terms;
}

bool admits(const versioning::Scheme& scheme, std::string_view constraint,
            std::string_view target) {
  return scheme.valid_constraint(constraint) && scheme.satisfies(target, constraint);
}

// How a range with lower bound `lower` and upper bound `upper` moves so that
// it starts at or below target and keeps its width.
struct Window {
  std::vector<long> lower;
  std::vector<long> upper;
};

Window shifted(const std::vector<long>& lower, const std::vector<long>& upper,
               const std::vector<long>& t) {
  Window w;
  if (zero_after_major(upper) && !upper.empty() && !lower.empty()) {
    // A major window (">= 5.0.0, < 6.0.0"): same number of majors from the target's.
    w.lower = zero_after_major(lower) ? first({t.empty() ? 0 : t[0]}, lower.size())
                                      : first(t, lower.size());
    w.upper = first({t[0] + (upper[0] - lower[0])}, upper.size());
  } else {
    // A narrower window: up to the next minor after the target.
    w.lower = first(t, lower.size());
    w.upper = first({t[0], (t.size() > 1 ? t[1] : 0) + 1}, upper.size());
  }
  return w;
}

// "~> 4.78.0" → the same shape for target: leading segments from the target,
// the last one kept at 0 when it was 0 (a deliberate "any patch/minor").
std::string pessimistic_for(const std::vector<long>& old_segs, const std::vector<long>& t) {
  std::vector<long> out = first(t, old_segs.size());
  if (old_segs.size() > 1 && old_segs.back() == 0) {
    out.back() = 0;
  }
  return join(out);
}

// The upper bound "~> X" implies, for widen.
std::vector<long> pessimistic_upper(const std::vector<long>& s) {
  if (s.size() <= 1) {
    return {};
  }
  std::vector<long> up(s.begin(), s.end() - 1);
  up.back() += 1;
  up.resize(s.size(), 0);
  return up;
}

std::optional<std::string> single_term(const Term& term, std::string_view target,
                                       const std::vector<long>& t, bool satisfied,
                                       RangeStrategy strategy) {
  const auto old_segs = segments(term.operand);
  const std::string op_text = term.op;
  // The text between the operator and the operand as written ("~> " or "^").
  auto with_operand = [&](const std::string& operand) {
    return op_text + (op_text == "~>" || op_text == ">=" || op_text == ">" ? " " : "") +
           same_prefix(term.operand, operand);
  };
  if (term.op == "~>" || term.op == "^" || term.op == "~") {
    if (satisfied && strategy != RangeStrategy::bump) {
      return std::nullopt;  // unchanged
    }
    if (strategy == RangeStrategy::widen && !satisfied) {
      if (term.op == "~>") {
        const auto up = shifted(old_segs, pessimistic_upper(old_segs), t).upper;
        return ">= " + same_prefix(term.operand, join(old_segs)) + ", < " + join(up);
      }
      return std::nullopt;  // handled by the caller ("a || b")
    }
    if (term.op == "~>") {
      return with_operand(strategy == RangeStrategy::bump ? join(first(t, old_segs.size()))
                                                          : pessimistic_for(old_segs, t));
    }
    return with_operand(join(first(t, std::max<std::size_t>(old_segs.size(), 1))));
  }
  if (term.op == ">=" || term.op == ">") {
    if (satisfied && strategy != RangeStrategy::bump) {
      return std::nullopt;
    }
    return ">= " + same_prefix(term.operand, std::string(target));
  }
  return std::nullopt;
}

}  // namespace

std::string same_prefix(std::string_view old_value, std::string_view new_version) {
  const bool old_v = starts_with_v_digit(old_value);
  const bool new_v = starts_with_v_digit(new_version);
  if (old_v && !new_v) {
    return std::string(1, old_value[0]) + std::string(new_version);
  }
  if (!old_v && new_v) {
    return std::string(new_version.substr(1));
  }
  return std::string(new_version);
}

std::optional<std::string> next_constraint(std::string_view current, std::string_view target,
                                           const versioning::Scheme& scheme,
                                           RangeStrategy strategy) {
  if (!scheme.valid(target)) {
    throw Error(ErrorKind::usage, "'" + std::string(target) + "' is not a " +
                                      std::string(scheme.name()) + " version");
  }
  const std::string_view text = trim(current);
  const auto t = segments(target);
  if (t.empty()) {
    throw Error(ErrorKind::usage,
                "'" + std::string(target) + "' has no numeric release segment to write");
  }
  const auto terms = parse_terms(text);
  const bool satisfied = admits(scheme, text, target);

  // An exact pin: the target, spelled the same way.
  if (terms && terms->size() == 1 &&
      ((*terms)[0].op.empty() || (*terms)[0].op == "=" || (*terms)[0].op == "==")) {
    const Term& term = (*terms)[0];
    const auto lead = text.substr(0, text.size() - term.operand.size());
    return std::string(lead) + same_prefix(term.operand, target);
  }
  if (strategy == RangeStrategy::pin) {
    return std::string(target);
  }
  if (!terms) {
    // '||' alternatives, hyphen ranges, wildcards: only left alone when they admit the target.
    if (satisfied) {
      return std::string(text);
    }
    if (strategy == RangeStrategy::widen && text.find("||") != std::string_view::npos) {
      return std::string(text) + " || " + std::string(target);
    }
    return std::nullopt;
  }
  std::optional<std::string> out;
  if (terms->size() == 1) {
    const Term& term = (*terms)[0];
    out = single_term(term, target, t, satisfied, strategy);
    if (!out) {
      if (satisfied) {
        return std::string(text);
      }
      if (strategy == RangeStrategy::widen && (term.op == "^" || term.op == "~")) {
        out = std::string(text) + " || " + term.op + same_prefix(term.operand, target);
      }
    }
  } else if (terms->size() == 2 && ((*terms)[0].op == ">=" || (*terms)[0].op == ">") &&
             ((*terms)[1].op == "<" || (*terms)[1].op == "<=")) {
    const Term& lo = (*terms)[0];
    const Term& hi = (*terms)[1];
    // The separator as written: ", ", "," or a space (semver ranges).
    const auto comma = text.find(',');
    const std::string sep =
        comma == std::string_view::npos
            ? std::string(" ")
            : (comma + 1 < text.size() && text[comma + 1] == ' ' ? std::string(", ") : ",");
    const auto spaced = [&](const std::string& op) {
      // ">= 5.0.0" or ">=5.0.0", as the constraint wrote its operators.
      const auto at = text.find(op);
      return at != std::string_view::npos && at + op.size() < text.size() &&
             text[at + op.size()] == ' ';
    };
    const std::string lo_op = lo.op + (spaced(lo.op) ? " " : "");
    const std::string hi_op = hi.op + (spaced(hi.op) ? " " : "");
    const auto ls = segments(lo.operand);
    const auto hs = segments(hi.operand);
    if (satisfied && strategy != RangeStrategy::bump) {
      return std::string(text);
    }
    const Window w = shifted(ls, hs, t);
    std::string lower = join(w.lower);
    if (satisfied) {  // bump: the lower bound rises to the target
      lower = join(first(t, ls.size()));
      out = lo_op + same_prefix(lo.operand, lower) + sep + hi_op + hi.operand;
    } else if (strategy == RangeStrategy::widen) {
      out = lo_op + lo.operand + sep + hi_op + same_prefix(hi.operand, join(w.upper));
    } else {
      out = lo_op + same_prefix(lo.operand, lower) + sep + hi_op +
            same_prefix(hi.operand, join(w.upper));
    }
  } else if (satisfied) {
    return std::string(text);
  }
  if (!out || !admits(scheme, *out, target)) {
    return std::nullopt;
  }
  return out;
}

}  // namespace versiond::update
