// Dockerfiles: FROM images, stages, global ARGs, continuations and comments.
#include <catch2/catch.hpp>

#include "extract/extract_test_support.hpp"
#include "support/temp_dir.hpp"
#include "versiond/extract/extractors.hpp"

using versiond::extract::extract_dockerfile;

TEST_CASE("Dockerfile: the official Rocket.Chat image's base", "[extract][dockerfile]") {
  const auto cs = extract_dockerfile(
      versiond::test::read_fixture("extract/docker/rocketchat-7.13-Dockerfile"), "Dockerfile");
  REQUIRE(cs.size() == 1);  // the long RUN continuations hold no FROM
  CHECK(cs[0].kind == versiond::PinKind::dockerfile_image);
  CHECK(cs[0].datasource == versiond::Datasource::docker);
  CHECK(cs[0].package == "docker.io/library/node");
  CHECK(cs[0].current == "22-bookworm-slim");
  CHECK(cs[0].origin.line == 1);
  CHECK(!cs[0].skipped());
}

TEST_CASE("Dockerfile: stages, scratch, platforms and global ARGs", "[extract][dockerfile]") {
  const auto cs = extract_dockerfile(R"(# syntax=docker/dockerfile:1
ARG GO_VERSION=1.23.4
ARG DISTROLESS="gcr.io/distroless/static-debian12:nonroot"
ARG APP_TAG
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
RUN go build ./...
from build as test
RUN go test ./...
FROM node:22 AS node
FROM node AS assets
FROM scratch AS empty
FROM ${DISTROLESS}
COPY --from=build /app /app
FROM ghcr.io/org/app:${APP_TAG}
FROM \
  quay.io/prometheus/busybox:${BUSYBOX_TAG:-1.36}
FROM registry.k8s.io/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097
)",
                                     "build/Dockerfile");
  REQUIRE(cs.size() == 7);
  // The BuildKit frontend of the syntax directive is an image too (issue 11).
  CHECK(cs[0].package == "docker.io/docker/dockerfile");
  CHECK(cs[0].current == "1");
  CHECK(cs[1].package == "docker.io/library/golang");
  CHECK(cs[1].current == "1.23.4-bookworm");
  CHECK(cs[1].origin.line == 2);  // one ARG supplied the tag: the pin is on its line
  CHECK(cs[2].package == "docker.io/library/node");  // "FROM node AS node" is the image
  CHECK(cs[2].current == "22");
  CHECK(cs[2].origin.line == 9);
  CHECK(cs[3].package == "gcr.io/distroless/static-debian12");
  CHECK(cs[3].current == "nonroot");
  CHECK(cs[4].skip_text() == "templated image (ARG without a default)");
  CHECK(cs[4].origin.line == 14);
  CHECK(cs[5].package == "quay.io/prometheus/busybox");
  CHECK(cs[5].current == "1.36");  // ${VAR:-default} without the ARG
  CHECK(cs[5].origin.line == 15);  // where the continued instruction starts
  CHECK(cs[6].skip_text() == "digest");
}

TEST_CASE("Dockerfile: the escape directive and CRLF", "[extract][dockerfile]") {
  const auto cs = extract_dockerfile(
      "# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\r\n  AS base\r\n"
      "RUN dir c:\\\r\n",
      "windows/Dockerfile");
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].package == "mcr.microsoft.com/windows/servercore");
  CHECK(cs[0].current == "ltsc2022");
}

TEST_CASE("Dockerfile: FROM without an image is a file:line error", "[extract][dockerfile]") {
  CHECK(versiond::test::error_message([] {
          extract_dockerfile("FROM alpine:3.20\nRUN true\nFROM --platform=linux/amd64\n",
                             "Dockerfile");
        }) == "Dockerfile:3: FROM without an image");
  CHECK(extract_dockerfile("", "Dockerfile").empty());
}
