// docker: image tags of the form [v]N(.N)*[tail][-suffix]: 2.4-alpine,
// 2.541.1-lts-jdk21, v1.31.4, 1.27.3-alpine3.20, 8u292-jre, 3.9.0b2.
// `latest`, `edge`, `stable`, `main`, digests, commit ids (7-40 lower-case
// hex digits: 1a2b3c4, sha-1a2b3c4) and anything else without a leading
// number are not versions. The suffix names a variant: it never
// orders tags, and an upgrade must keep it. A tail or suffix that starts with
// a pre-release word (rc, beta, alpha, ...) makes the tag a pre-release.
// Constraints: "op tag" joined by ',' (AND) and '||' (OR); ops = != > >= < <= ~>;
// a condition whose tag has a variant suffix only matches tags with that variant.
#include <cstdint>

#include "versioning/constraint_syntax.hpp"
#include "versioning/loose_version.hpp"
#include "versioning/schemes.hpp"
#include "versioning/selection.hpp"
#include "versioning/text.hpp"

namespace versiond::versioning::detail {
namespace {

struct DockerTag {
  bool v_prefix = false;
  std::vector<std::uint64_t> numbers;
  std::vector<LooseToken> tail;  // letters glued to the last number: "rc1" in 1.2.3rc1
  std::string tail_prefix;       // the tail's leading letters ("u" in 8u292), unless a
                                 // pre-release word ("rc" in 7.0.0RC1 is not a shape)
  std::string suffix;            // after the first '-', verbatim
  std::string variant;           // the suffix without a leading pre-release part:
                                 // "alpine" for -alpine and -rc-alpine, "" for -rc.1
  bool prerelease = false;

  std::uint64_t at(std::size_t i) const { return i < numbers.size() ? numbers[i] : 0; }
  bool plain() const { return tail.empty() && suffix.empty(); }
};

bool tag_char(char c) { return is_alnum(c) || c == '_' || c == '.' || c == '-'; }

// Whether text (a tail or suffix) begins with a pre-release word.
bool starts_prerelease(std::string_view text) {
  const auto v = parse_loose(text);
  return !v.tokens.empty() && !v.tokens.front().numeric &&
         prerelease_rank(v.tokens.front().text) >= 0;
}

std::optional<DockerTag> parse_tag(std::string_view text) {
  constexpr std::size_t max_tag_length = 128;  // Docker's own limit
  if (text.empty() || text.size() > max_tag_length || looks_like_commit_hash(text)) {
    return std::nullopt;
  }
  for (const char c : text) {
    if (!tag_char(c)) {
      return std::nullopt;
    }
  }
  DockerTag tag;
  std::string_view s = text;
  if (s.front() == 'v') {
    tag.v_prefix = true;
    s.remove_prefix(1);
  }
  while (true) {
    std::size_t n = 0;
    while (n < s.size() && is_digit(s[n])) {
      ++n;
    }
    const auto value = parse_number(s.substr(0, n));
    if (!value) {
      return std::nullopt;
    }
    tag.numbers.push_back(*value);
    s.remove_prefix(n);
    if (s.empty() || s.front() != '.') {
      break;
    }
    s.remove_prefix(1);
  }
  const auto dash = s.find('-');
  const auto tail = s.substr(0, dash);
  if (!tail.empty()) {
    if (!is_alpha(tail.front()) && tail.front() != '_') {
      return std::nullopt;
    }
    for (const char c : tail) {
      if (c == '.') {
        return std::nullopt;
      }
    }
    const auto parsed = parse_loose(tail);
    tag.tail = parsed.tokens;
    tag.tail_prefix = starts_prerelease(tail) ? "" : parsed.prefix;
    tag.prerelease = starts_prerelease(tail);
  }
  if (dash != std::string_view::npos) {
    tag.suffix = std::string(s.substr(dash + 1));
    if (tag.suffix.empty()) {
      return std::nullopt;
    }
    tag.variant = tag.suffix;
    if (starts_prerelease(tag.suffix)) {
      tag.prerelease = true;
      const auto next = tag.suffix.find('-');
      tag.variant = next == std::string::npos ? "" : tag.suffix.substr(next + 1);
    }
  }
  return tag;
}

int compare_tags(const DockerTag& a, const DockerTag& b) {
  const std::size_t n = std::max(a.numbers.size(), b.numbers.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (const int c = three_way(a.at(i), b.at(i)); c != 0) {
      return c;
    }
  }
  if (a.prerelease != b.prerelease) {
    return a.prerelease ? -1 : 1;
  }
  if (const int c = compare_tokens(a.tail, b.tail); c != 0) {
    return c;
  }
  if (a.prerelease) {
    return compare_tokens(parse_loose(a.suffix).tokens, parse_loose(b.suffix).tokens);
  }
  return 0;  // variants (alpine, jdk21) do not order tags
}

BumpInfo bump_tags(const DockerTag& a, const DockerTag& b) {
  if (const auto by_numbers = segment_bump(a, b, std::max(a.numbers.size(), b.numbers.size()))) {
    return *by_numbers;
  }
  return {compare_tags(a, b) != 0 ? Bump::patch : Bump::none, false};
}

// latest()'s form rule for a current tag: same 'v' prefix, number count, tail
// letters and variant.
bool same_form(const DockerTag& t, const DockerTag& cur) {
  return t.v_prefix == cur.v_prefix && t.numbers.size() == cur.numbers.size() &&
         t.tail_prefix == cur.tail_prefix && t.variant == cur.variant;
}

struct Condition {
  Op op = Op::eq;
  DockerTag tag;
};

bool condition_matches(const DockerTag& v, const Condition& cond) {
  const auto& c = cond.tag;
  if (!c.variant.empty() && v.variant != c.variant) {
    return false;
  }
  if (v.prerelease && !c.prerelease && cond.op != Op::ne) {
    return false;  // pre-releases only when the condition names one
  }
  const int cmp = compare_tags(v, c);
  if (cond.op != Op::pessimistic) {
    return comparison_holds(cond.op, cmp);
  }
  if (cmp < 0) {
    return false;
  }
  for (std::size_t i = 0; i + 1 < c.numbers.size(); ++i) {
    if (v.at(i) != c.at(i)) {
      return false;
    }
  }
  return true;
}

using Constraint = std::vector<std::vector<Condition>>;

class DockerScheme final : public Scheme {
 public:
  std::string_view name() const override { return "docker"; }

  bool valid(std::string_view v) const override { return parse_tag(v).has_value(); }

  bool stable(std::string_view v) const override {
    const auto tag = parse_tag(v);
    return tag && !tag->prerelease;
  }

  int compare(std::string_view a, std::string_view b) const override {
    return compare_tags(parse_or_throw(a), parse_or_throw(b));
  }

  bool satisfies(std::string_view v, std::string_view c) const override {
    const auto tag = parse_or_throw(v);
    return matches(tag, compile(c));
  }

  BumpInfo bump(std::string_view from, std::string_view to) const override {
    return bump_tags(parse_or_throw(from), parse_or_throw(to));
  }

  // With a current tag: same 'v' prefix, number count, tail letters and
  // variant. Without one: only plain numeric tags (no tail, no suffix).
  std::optional<std::string> latest(const std::vector<std::string>& candidates,
                                    std::optional<std::string_view> constraint,
                                    std::optional<std::string_view> current) const override {
    const auto con = constraint ? std::optional<Constraint>(compile(*constraint)) : std::nullopt;
    const auto cur = current ? std::optional<DockerTag>(parse_or_throw(*current)) : std::nullopt;
    const auto eligible = [&](const DockerTag& t) {
      if (cur) {
        if (!same_form(t, *cur)) {
          return false;
        }
      } else if (!t.plain()) {
        return false;
      }
      if (t.prerelease && !(cur && cur->prerelease && t.numbers == cur->numbers)) {
        return false;
      }
      return !con || matches(t, *con);
    };
    return pick_highest(
        candidates, [](const std::string& text) { return parse_tag(text); }, eligible,
        compare_tags);
  }

  UpdatePicks pick_updates(const std::vector<std::string_view>& candidates,
                           std::string_view current,
                           std::optional<std::string_view> allowed) const override {
    const DockerTag cur = parse_or_throw(current);
    std::optional<Constraint> con;
    if (!compile_allowed(
            allowed, [this](std::string_view c) { return compile(c); }, con)) {
      return {};
    }
    return pick_update_candidates(
        candidates, cur,
        [](std::string_view text, DockerTag& out) {
          auto tag = parse_tag(text);
          if (tag) {
            out = std::move(*tag);
          }
          return tag.has_value();
        },
        [&](const DockerTag& t) {
          return same_form(t, cur) && !t.prerelease && (!con || matches(t, *con));
        },
        compare_tags, bump_tags);
  }

 private:
  DockerTag parse_or_throw(std::string_view text) const {
    auto tag = parse_tag(text);
    if (!tag) {
      throw_invalid_version(name(), text);
    }
    return std::move(*tag);
  }

  Constraint compile(std::string_view text) const {
    Constraint result;
    for (const auto& group : parse_list_syntax(text, name(), true)) {
      std::vector<Condition> conditions;
      for (const auto& term : group) {
        auto tag = parse_tag(term.operand);
        if (!tag) {
          throw_invalid_constraint(name(), text, "bad tag '" + shown(term.operand) + "'");
        }
        conditions.push_back({term.op, std::move(*tag)});
      }
      result.push_back(std::move(conditions));
    }
    return result;
  }

  static bool matches(const DockerTag& v, const Constraint& constraint) {
    return any_group_all(constraint, [&](const Condition& c) { return condition_matches(v, c); });
  }
};

}  // namespace

const Scheme& docker_scheme() {
  static const DockerScheme scheme;
  return scheme;
}

}  // namespace versiond::versioning::detail
