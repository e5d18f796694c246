#include "versiond/update/lock_file.hpp"

#include <algorithm>
#include <cctype>

#include "versiond/core/error.hpp"

namespace versiond::update {

namespace {

// A line of the file: [begin, end) without its line ending, and where the
// next line starts.
struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;   // before "\r\n" or "\n"
  std::size_t next = 0;  // after the line ending
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    Line l;
    l.begin = pos;
    if (nl == std::string_view::npos) {
      l.end = text.size();
      l.next = text.size();
    } else {
      l.end = (nl > pos && text[nl - 1] == '\r') ? nl - 1 : nl;
      l.next = nl + 1;
    }
    lines.push_back(l);
    pos = l.next;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// `provider "ADDR" {` → ADDR.
std::optional<std::string> provider_address(std::string_view line) {
  line = trim(line);
  if (line.substr(0, 8) != "provider") {
    return std::nullopt;
  }
  const auto q1 = line.find('"');
  const auto q2 = q1 == std::string_view::npos ? q1 : line.find('"', q1 + 1);
  if (q2 == std::string_view::npos || trim(line.substr(8, q1 - 8)).size() != 0 ||
      trim(line.substr(q2 + 1)) != "{") {
    return std::nullopt;
  }
  return std::string(line.substr(q1 + 1, q2 - q1 - 1));
}

// For `key = "value"`: the offsets of value inside the line, when the line
// assigns key a quoted string.
struct Assignment {
  std::size_t value_begin = 0;  // relative to the line start
  std::size_t value_end = 0;
};

std::optional<Assignment> assignment(std::string_view line, std::string_view key) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
    ++i;
  }
  if (line.substr(i, key.size()) != key) {
    return std::nullopt;
  }
  i += key.size();
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
    ++i;
  }
  if (i >= line.size() || line[i] != '=') {
    return std::nullopt;
  }
  ++i;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
    ++i;
  }
  if (i >= line.size() || line[i] != '"') {
    return std::nullopt;
  }
  const auto close = line.find('"', i + 1);
  if (close == std::string_view::npos) {
    return std::nullopt;
  }
  return Assignment{i + 1, close};
}

bool opens_list(std::string_view line, std::string_view key) {
  line = trim(line);
  if (line.substr(0, key.size()) != key) {
    return false;
  }
  line = trim(line.substr(key.size()));
  if (line.empty() || line.front() != '=') {
    return false;
  }
  line = trim(line.substr(1));
  return !line.empty() && line.front() == '[';
}

// The quoted strings in a piece of text, in order.
std::vector<std::string> quoted_strings(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find('"', pos)) != std::string_view::npos) {
    const auto close = text.find('"', pos + 1);
    if (close == std::string_view::npos) {
      break;
    }
    out.emplace_back(text.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return out;
}

// The position of the first ']' from `from` on that is not inside a quoted
// string ("zh:a]b" does not close a list), or npos.
std::size_t closing_bracket(std::string_view line, std::size_t from = 0) {
  bool quoted = false;
  for (std::size_t i = from; i < line.size(); ++i) {
    if (quoted && line[i] == '\\') {
      ++i;
    } else if (line[i] == '"') {
      quoted = !quoted;
    } else if (!quoted && line[i] == ']') {
      return i;
    }
  }
  return std::string_view::npos;
}

// Where a provider block's parts are, as line indexes.
struct BlockLayout {
  LockEntry entry;
  std::size_t open = 0;   // `provider … {`
  std::size_t close = 0;  // `}`
  std::optional<std::size_t> version;
  std::optional<std::size_t> constraints;
  std::optional<std::size_t> hashes_open;   // `hashes = [`
  std::optional<std::size_t> hashes_close;  // the line holding `]`
};

std::optional<BlockLayout> find_block(std::string_view text, const std::vector<Line>& lines,
                                      std::string_view provider) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = text.substr(lines[i].begin, lines[i].end - lines[i].begin);
    const auto address = provider_address(line);
    if (!address || !lock_address_matches(*address, provider)) {
      continue;
    }
    BlockLayout b;
    b.open = i;
    b.entry.address = *address;
    b.entry.line = static_cast<int>(i + 1);
    for (std::size_t j = i + 1; j < lines.size(); ++j) {
      const std::string_view l = text.substr(lines[j].begin, lines[j].end - lines[j].begin);
      if (b.hashes_open && !b.hashes_close) {
        if (closing_bracket(l) != std::string_view::npos) {
          b.hashes_close = j;
        }
        for (auto& h : quoted_strings(l)) {
          b.entry.hashes.push_back(std::move(h));
        }
        continue;
      }
      if (trim(l) == "}") {
        b.close = j;
        return b;
      }
      if (const auto a = assignment(l, "version")) {
        b.version = j;
        b.entry.version = std::string(l.substr(a->value_begin, a->value_end - a->value_begin));
      } else if (const auto c = assignment(l, "constraints")) {
        b.constraints = j;
        b.entry.constraints = std::string(l.substr(c->value_begin, c->value_end - c->value_begin));
      } else if (opens_list(l, "hashes")) {
        b.hashes_open = j;
        const auto bracket = l.find('[');
        for (auto& h : quoted_strings(l.substr(bracket))) {
          b.entry.hashes.push_back(std::move(h));
        }
        if (closing_bracket(l, bracket) != std::string_view::npos) {
          b.hashes_close = j;
        }
      }
    }
    throw Error(ErrorKind::input, "lock file: provider \"" + *address + "\" block is not closed");
  }
  return std::nullopt;
}

std::string line_ending(std::string_view text) {
  const auto nl = text.find('\n');
  return (nl != std::string_view::npos && nl > 0 && text[nl - 1] == '\r') ? "\r\n" : "\n";
}

}  // namespace

bool lock_address_matches(std::string_view block_address, std::string_view provider) {
  const std::string block = lower(block_address);
  const std::string wanted = lower(provider);
  if (std::count(wanted.begin(), wanted.end(), '/') >= 2) {
    return block == wanted;
  }
  if (block == wanted) {
    return true;
  }
  return block.size() > wanted.size() &&
         block.compare(block.size() - wanted.size(), wanted.size(), wanted) == 0 &&
         block[block.size() - wanted.size() - 1] == '/' &&
         std::count(block.begin(), block.end(), '/') == 2;
}

std::optional<LockEntry> find_lock_entry(std::string_view content, std::string_view provider) {
  const auto lines = split_lines(content);
  auto block = find_block(content, lines, provider);
  if (!block) {
    return std::nullopt;
  }
  return std::move(block->entry);
}

std::string update_lock_file(std::string_view content, const LockEntryUpdate& update) {
  const auto lines = split_lines(content);
  const auto block = find_block(content, lines, update.provider);
  if (!block) {
    throw Error(ErrorKind::input, "lock file has no provider block for '" + update.provider + "'");
  }
  if (!block->version) {
    throw Error(ErrorKind::input,
                "lock file: provider \"" + block->entry.address + "\" block has no version line");
  }
  const std::string eol = line_ending(content);
  auto text_of = [&](std::size_t i) {
    return content.substr(lines[i].begin, lines[i].end - lines[i].begin);
  };
  auto with_value = [&](std::size_t i, std::string_view key, std::string_view value) {
    const std::string_view l = text_of(i);
    const auto a = assignment(l, key);
    std::string out(l.substr(0, a->value_begin));
    out += value;
    out += l.substr(a->value_end);
    return out;
  };

  std::vector<std::string> hashes = update.hashes;
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());

  std::string out;
  out.reserve(content.size() + hashes.size() * 80);
  out += content.substr(0, lines[block->open].begin);
  for (std::size_t i = block->open; i <= block->close; ++i) {
    const std::string_view ending = content.substr(lines[i].end, lines[i].next - lines[i].end);
    if (i == *block->version) {
      if (update.constraints && !block->constraints) {
        // A new constraints line: terraform aligns the '=' of both lines.
        const std::string_view l = text_of(i);
        const std::string indent(l.substr(0, l.find_first_not_of(" \t")));
        out += indent + "version     = \"" + update.version + "\"";
        out += ending;
        out += indent + "constraints = \"" + *update.constraints + "\"" + eol;
      } else {
        out += with_value(i, "version", update.version);
        out += ending;
      }
      continue;
    }
    if (block->constraints && i == *block->constraints && update.constraints) {
      out += with_value(i, "constraints", *update.constraints);
      out += ending;
      continue;
    }
    if (block->hashes_open && !update.hashes.empty() && i >= *block->hashes_open &&
        i <= *block->hashes_close) {
      if (i != *block->hashes_open) {
        continue;  // the old list: rewritten whole at its opening line
      }
      const std::string_view open = text_of(i);
      const auto indent = std::string(open.substr(0, open.find_first_not_of(" \t")));
      const auto bracket = open.find('[');
      out += open.substr(0, bracket + 1);
      out += eol;
      for (const std::string& h : hashes) {
        out += indent + "  \"" + h + "\"," + eol;
      }
      const std::string_view close_line = text_of(*block->hashes_close);
      out += indent;
      out += close_line.substr(
          closing_bracket(close_line, *block->hashes_close == i ? bracket + 1 : 0));
      out += content.substr(lines[*block->hashes_close].end,
                            lines[*block->hashes_close].next - lines[*block->hashes_close].end);
      continue;
    }
    out += content.substr(lines[i].begin, lines[i].next - lines[i].begin);
  }
  out += content.substr(lines[block->close].next);
  return out;
}

}  // namespace versiond::update
