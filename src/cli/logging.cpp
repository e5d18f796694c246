// Log output: text (default) or JSON lines, redacted by construction: the
// message passes through net::redact in the formatter itself, so no sink can
// see a registered secret.
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>

#include "cli/commands.hpp"
#include "versiond/core/error.hpp"
#include "versiond/net/redact.hpp"

namespace versiond::cli {

namespace {

std::string json_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  return out;
}

// %* : the message, redacted (and JSON-escaped in JSON mode).
class RedactedMessage final : public spdlog::custom_flag_formatter {
 public:
  explicit RedactedMessage(bool json) : json_(json) {}
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string text = net::redact(std::string_view(msg.payload.data(), msg.payload.size()));
    if (json_) text = json_escape(text);
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<RedactedMessage>(json_);
  }

 private:
  bool json_;
};

LogSettings& settings() {
  static LogSettings s;
  return s;
}

}  // namespace

const LogSettings& log_settings() { return settings(); }

void setup_logging(const std::string& format, const std::string& level) {
  if (format != "text" && format != "json") {
    throw Error(ErrorKind::usage, "--log-format: expected text or json, got '" + format + "'");
  }
  const bool json = format == "json";
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc,
                                                               std::string("\n"));
  formatter->add_flag<RedactedMessage>('*', json).set_pattern(
      json ? R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","message":"%*"})"
           : "%Y-%m-%dT%H:%M:%S.%eZ %l %n: %*");
  spdlog::set_formatter(std::move(formatter));
  if (!level.empty()) {
    const auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") {
      throw Error(ErrorKind::usage,
                  "--log-level: expected trace, debug, info, warn, error or "
                  "off, got '" +
                      level + "'");
    }
    spdlog::set_level(parsed);
  }
  settings() = {format, level};
}

}  // namespace versiond::cli
