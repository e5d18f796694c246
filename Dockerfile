# versiond container image (docs/OPERATIONS.md#versiond-in-a-container).
#
#   docker build -t versiond:0.1.0 .
#   docker run --rm -v versiond-state:/var/lib/versiond \
#     -v "$PWD/versiond.yaml:/etc/versiond/versiond.yaml:ro" \
#     -v "$PWD/github-token:/run/secrets/github-token:ro" -p 127.0.0.1:9464:9464 versiond:0.1.0
#
# Two stages: "builder" installs the project's build dependencies the way
# scripts/bootstrap.sh does (scripts/apt-packages.txt) and builds a release
# binary with tests, benchmarks and fault points off; "runtime" is
# debian:bookworm-slim with only the shared libraries the binary links
# (deploy/container/runtime-packages.txt), running as an unprivileged user.
# scripts/check-ops.sh checks that every COPY source exists and every runtime
# package is a real Debian 12 package; no image is built by the test suite.

FROM debian:bookworm AS builder
WORKDIR /src
COPY scripts/lib.sh scripts/go.sh scripts/apt-packages.txt scripts/
RUN bash -c 'source scripts/lib.sh && apt_install_list scripts/apt-packages.txt' \
 && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt LICENSE README.md CHANGELOG.md ./
COPY cmake/ cmake/
COPY include/ include/
COPY src/ src/
COPY policies/ policies/
COPY docs/ docs/
COPY deploy/ deploy/
COPY scripts/ops/runtime-packages.sh scripts/ops/
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DVERSIOND_BUILD_TESTS=OFF -DVERSIOND_BUILD_BENCH=OFF -DVERSIOND_FAULT_POINTS=OFF \
 && ninja -C build versiond \
 && cmake --install build --prefix /opt/versiond --strip \
 && scripts/ops/runtime-packages.sh /opt/versiond/bin/versiond > /tmp/needed.txt \
 && sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' deploy/container/runtime-packages.txt | sort -u > /tmp/listed.txt \
 && missing="$(comm -23 /tmp/needed.txt /tmp/listed.txt)" \
 && { [ -z "$missing" ] || { echo "deploy/container/runtime-packages.txt lacks: $missing" >&2; exit 1; }; }

FROM debian:bookworm-slim AS runtime
COPY deploy/container/runtime-packages.txt /tmp/runtime-packages.txt
RUN apt-get update -qq \
 && sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' /tmp/runtime-packages.txt \
    | xargs env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt \
 && groupadd --system --gid 10001 versiond \
 && useradd --system --uid 10001 --gid versiond --home-dir /var/lib/versiond --no-create-home \
      --shell /usr/sbin/nologin versiond \
 && install -d -o versiond -g versiond -m 0700 /var/lib/versiond \
 && install -d -m 0755 /etc/versiond
COPY --from=builder /opt/versiond/bin/versiond /usr/local/bin/versiond
# versiond-serve: the small service process `versiond serve` execs (../libexec/versiond).
COPY --from=builder /opt/versiond/libexec/versiond/ /usr/local/libexec/versiond/
COPY --from=builder /opt/versiond/share/doc/versiond/ /usr/share/doc/versiond/
COPY deploy/container/versiond.yaml /etc/versiond/versiond.yaml
USER 10001:10001
ENV HOME=/var/lib/versiond
WORKDIR /var/lib/versiond
VOLUME ["/var/lib/versiond"]
EXPOSE 9464
# The slim image has no HTTP client; bash's /dev/tcp asks /healthz. It
# assumes server.listen covers 127.0.0.1:9464 (0.0.0.0:9464 in the default
# configuration below); change the port here too if you change it there.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9464 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["versiond"]
CMD ["serve", "--config", "/etc/versiond/versiond.yaml", "--db", "/var/lib/versiond/versiond.db", "--log-format", "json"]
