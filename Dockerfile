# syntax=docker/dockerfile:1
# Build: docker build -t authgate .
# Run:   docker run -p 8080:8080 -v authgate-data:/data authgate
#        (or -v "$PWD/data:/data" with your own data/config.yaml; see README "Docker")

# The base images are build arguments so a machine without a registry can build from
# local bases (scripts/container-test); the defaults are the official images.
ARG RUST_IMAGE=rust:1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${RUST_IMAGE} AS build
WORKDIR /src
# The whole context minus .dockerignore: Cargo.toml names tests/ and examples/ targets,
# and the binary embeds templates/, static/ and data/common-passwords.txt.
COPY . .
# Every storage backend by default, so one image serves one instance or several
# (PostgreSQL users, Redis sessions). `--build-arg FEATURES=` builds a minimal image
# without them (README "Docker").
ARG FEATURES="postgres,redis"
RUN cargo build --release --locked --bin authgate --no-default-features --features "$FEATURES"

FROM ${RUNTIME_IMAGE}
# ca-certificates: SMTP over TLS checks the server against the system's CA roots.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 authgate \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin authgate \
 && mkdir -p /data \
 && chown authgate:authgate /data
COPY --from=build /src/target/release/authgate /usr/local/bin/authgate
# The shipped demo config as the default content of /data. Docker copies it into a new
# named or anonymous volume; a bind-mounted folder brings its own config.yaml instead.
# cookie.key is blanked so no image carries a key from the builder's working copy: each
# volume gets its own random key at first start.
COPY config.yaml /data/config.yaml
RUN sed -i "s/^  key: .*/  key: ''/" /data/config.yaml \
 && chown authgate:authgate /data/config.yaml
USER authgate
WORKDIR /data
# A folder, not a single file: the atomic rename that saves config.yaml needs a writable
# directory (it also holds config.yaml.lock, config.yaml.state.json and outbox/).
VOLUME ["/data"]
ENV AUTHGATE_CONFIG=/data/config.yaml \
    AUTHGATE_BIND=0.0.0.0:8080
EXPOSE 8080
# No HEALTHCHECK: the slim image has no HTTP client (curl/wget) and authgate has no
# self-probe command; let the orchestrator probe GET /healthz (200 when ready).
ENTRYPOINT ["authgate"]
CMD ["serve"]
