# syntax=docker/dockerfile:1
# Build: docker build -t authgate .
# Run:   docker run -p 8080:8080 -v "$PWD/data:/data" authgate
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY templates templates
COPY static static
COPY data data
COPY examples examples
RUN cargo build --release --locked --bin authgate

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin authgate \
 && mkdir -p /data && chown authgate:authgate /data
COPY --from=build /src/target/release/authgate /usr/local/bin/authgate
# The shipped demo config, used only when the mounted folder has none.
COPY --chown=authgate:authgate config.yaml /usr/share/authgate/config.yaml
USER authgate
WORKDIR /data
# The folder, not a single file: atomic rename needs a writable directory.
VOLUME ["/data"]
ENV AUTHGATE_CONFIG=/data/config.yaml AUTHGATE_BIND=0.0.0.0:8080
EXPOSE 8080
# No HEALTHCHECK: the slim image has no HTTP client; probe GET /healthz from outside.
ENTRYPOINT ["/bin/sh", "-c", "[ -f \"$AUTHGATE_CONFIG\" ] || cp /usr/share/authgate/config.yaml \"$AUTHGATE_CONFIG\"; exec authgate \"$@\"", "authgate"]
CMD ["serve"]
