#include "versioning/loose_version.hpp"

#include <algorithm>
#include <array>

#include "versioning/text.hpp"

namespace versiond::versioning::detail {
namespace {

// Rank classes at one token position; END is where one side has run out.
enum Class { prerelease_word = 0, end = 1, other_word = 2, number = 3 };

Class class_of(const LooseToken* t) {
  if (t == nullptr) {
    return end;
  }
  if (t->numeric) {
    return number;
  }
  return prerelease_rank(t->text) >= 0 ? prerelease_word : other_word;
}

}  // namespace

int prerelease_rank(std::string_view word) {
  struct Entry {
    std::string_view word;
    int rank;
  };
  static constexpr std::array<Entry, 17> words{{
      {"dev", 0},
      {"snapshot", 0},
      {"nightly", 0},
      {"canary", 0},
      {"experimental", 0},
      {"unstable", 0},
      {"insiders", 0},
      {"next", 0},
      {"ea", 0},
      {"alpha", 1},
      {"a", 1},
      {"beta", 2},
      {"b", 2},
      {"m", 3},
      {"pre", 4},
      {"preview", 4},
      {"rc", 5},
  }};
  for (const auto& e : words) {
    if (e.word == word) {
      return e.rank;
    }
  }
  return -1;
}

LooseVersion parse_loose(std::string_view text) {
  LooseVersion v;
  v.commit_hash = looks_like_commit_hash(text);
  if (text.size() > 1 && (text[0] == 'v' || text[0] == 'V') && is_digit(text[1])) {
    text.remove_prefix(1);
  }
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!is_alnum(c)) {
      ++i;
      continue;
    }
    const bool numeric = is_digit(c);
    const std::size_t start = i;
    while (i < text.size() && (numeric ? is_digit(text[i]) : is_alpha(text[i]))) {
      ++i;
    }
    const auto run = text.substr(start, i - start);
    LooseToken token{numeric, numeric ? std::string(strip_leading_zeros(run)) : lower(run)};
    if (numeric) {
      v.has_digit = true;
    } else if (prerelease_rank(token.text) >= 0) {
      v.prerelease = true;
    }
    v.tokens.push_back(std::move(token));
  }
  bool in_core = false;
  for (const auto& t : v.tokens) {
    if (t.numeric) {
      in_core = true;
      v.core.push_back(t.text);
    } else if (in_core) {
      break;
    } else {
      v.prefix += t.text;
    }
  }
  return v;
}

int compare_tokens(const std::vector<LooseToken>& a, const std::vector<LooseToken>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const LooseToken* x = i < a.size() ? &a[i] : nullptr;
    const LooseToken* y = i < b.size() ? &b[i] : nullptr;
    // Where one side has ended and the other has a zero, they are equal so far
    // (1.2 == 1.2.0).
    const LooseToken* other = x == nullptr ? y : (y == nullptr ? x : nullptr);
    if (other != nullptr && other->numeric && other->text == "0") {
      continue;
    }
    const Class cx = class_of(x);
    const Class cy = class_of(y);
    if (cx != cy) {
      return cx < cy ? -1 : 1;
    }
    int c = 0;
    if (cx == number) {
      c = compare_digit_runs(x->text, y->text);
    } else if (cx == prerelease_word) {
      c = three_way(prerelease_rank(x->text), prerelease_rank(y->text));
      if (c == 0) {
        c = sign(x->text.compare(y->text));
      }
    } else if (cx == other_word) {
      c = sign(x->text.compare(y->text));
    }
    if (c != 0) {
      return c;
    }
  }
  return 0;
}

int compare_loose(const LooseVersion& a, const LooseVersion& b) {
  return compare_tokens(a.tokens, b.tokens);
}

BumpInfo loose_bump(const LooseVersion& from, const LooseVersion& to) {
  const std::size_t n = std::max(from.core.size(), to.core.size());
  const auto at = [](const LooseVersion& v, std::size_t i) -> std::string_view {
    return i < v.core.size() ? std::string_view(v.core[i]) : std::string_view("0");
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (at(from, i) != at(to, i)) {
      if (i == 0) {
        return {Bump::major, true};
      }
      if (i == 1) {
        return {Bump::minor, at(from, 0) == "0"};
      }
      return {Bump::patch, false};
    }
  }
  return {compare_loose(from, to) != 0 ? Bump::patch : Bump::none, false};
}

}  // namespace versiond::versioning::detail
