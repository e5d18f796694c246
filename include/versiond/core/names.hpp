// Tables for the closed sets (enums) every stage names: one constexpr table of
// (value, name) pairs gives both to_string and parse.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace versiond::core {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

// The name of value in names, "?" when the table lacks it (a bug).
template <typename E, std::size_t N>
constexpr std::string_view name_of(const Names<E, N>& names, E value) noexcept {
  for (const auto& [e, name] : names) {
    if (e == value) return name;
  }
  return "?";
}

// The value named exactly text, nullopt for any other text.
template <typename E, std::size_t N>
constexpr std::optional<E> value_of(const Names<E, N>& names, std::string_view text) noexcept {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  return std::nullopt;
}

}  // namespace versiond::core
