// Matching a version-table row to the code components of a location.
//
// Both sides become sets of normalised tokens: lower-cased words of the row
// name (parenthesised qualifiers dropped) and of the last path segment of its
// upstream package. A pin has two identities: the words of its package's last
// segment (name and provider for registry modules; plus the chart repository
// host for Helm charts), and the words of its own name when that differs (a
// provider's local name, a module label, "kubernetes" for the AKS version).
// A dotted or dashed word also yields its concatenation ("rocket.chat" ->
// rocket, chat, rocketchat). Generic words (helm, chart, image, app,
// provider, ...) are dropped.
//
// score = coverage + jaccard over the shared tokens, where an exact match
// counts 1 and a prefix match of at least five letters ("mongo" ~ "mongodb")
// 1/2, and coverage is the share of the identity's tokens found among the
// row's tokens. Coverage below 1/2 scores 0: no match.
#pragma once

#include <set>
#include <string>

#include "versiond/extract/component.hpp"

namespace versiond::drift {

using Tokens = std::set<std::string>;

Tokens row_tokens(const Component& row);
Tokens component_tokens(const Component& code);       // package identity
Tokens component_name_tokens(const Component& code);  // name identity (may be empty)
double match_score(const Tokens& row, const Tokens& code);
// The better score of the pin's two identities.
double pin_score(const Tokens& row, const Component& code);

// True when every token of the component matches a row token.
bool covers(const Tokens& row, const Tokens& code);

// Added to a positive score: rows whose name says "chart" (or whose link is a
// chart's page) prefer Helm chart pins (+1/4), other rows prefer images and
// Terraform pins (+1/4) ("Rocket.Chat Helm Chart" takes the chart,
// "Rocket.Chat" the image); a chart row against an image pin gets -1, so on a
// values file the image goes to the row that tracks the image.
double kind_affinity(const Component& row, const Component& code);

// Identity before words: 3 when the row's upstream link names exactly the
// pin's package (an image repository for a Docker Hub/Quay link, a chart
// name for an Artifact Hub link, owner/repo for a GitHub link, a provider or
// module address), else 0.
double identity_score(const Component& row, const Component& code);

// Whether a table value and a pinned value name the same version: equal text
// ignoring spaces and a leading 'v' ("v1.20.0" = "1.20.0", "~>4.78.0" =
// "~> 4.78.0"), equal by the loose scheme for plain numeric versions, or a
// truncated digest ("sha256:d9243...") that prefixes the pinned digest.
bool same_version(const std::string& expected, const Component& code);

}  // namespace versiond::drift
