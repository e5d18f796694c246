// Shell-style variable references in pins: $NAME, ${NAME}, ${NAME:-default}
// and ${NAME-default}, as Dockerfiles and Compose files write them.
#pragma once

#include <functional>
#include <string>

namespace versiond::extract {

// Value of a variable, or nullptr when it has none here.
using VariableLookup = std::function<const std::string*(const std::string& name)>;

// Replaces every reference in `text`: the variable's value when `lookup` has
// a non-empty one, else the default written after ":-" or "-". Returns false
// (text unspecified) when a reference has neither: its value comes from
// outside the repository (--build-arg, the environment, an .env file). "$$"
// is a literal "$". `on_used` is called with each variable whose value went in.
bool expand_variables(std::string& text, const VariableLookup& lookup,
                      const std::function<void(const std::string&)>& on_used = {});

}  // namespace versiond::extract
