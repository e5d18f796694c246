#include "versiond/core/failure.hpp"

#include <array>
#include <utility>

namespace versiond {

namespace {

constexpr std::array<std::pair<FailureKind, std::string_view>, 10> names{{
    {FailureKind::not_found, "not_found"},
    {FailureKind::unauthorized, "unauthorized"},
    {FailureKind::forbidden, "forbidden"},
    {FailureKind::rate_limited, "rate_limited"},
    {FailureKind::server_error, "server_error"},
    {FailureKind::network, "network"},
    {FailureKind::bad_response, "bad_response"},
    {FailureKind::timeout, "timeout"},
    {FailureKind::unsupported, "unsupported"},
    {FailureKind::offline, "offline"},
}};

}  // namespace

std::string_view to_string(FailureKind kind) noexcept {
  for (const auto& [k, name] : names) {
    if (k == kind) return name;
  }
  return "?";
}

std::optional<FailureKind> parse_failure_kind(std::string_view text) noexcept {
  for (const auto& [k, name] : names) {
    if (name == text) return k;
  }
  return std::nullopt;
}

std::string Failure::describe() const {
  std::string out(to_string(kind));
  out += ": ";
  out += message;
  return out;
}

}  // namespace versiond
