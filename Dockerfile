# syntax=docker/dockerfile:1
# kith in a container: built in stages so the dependencies are compiled in a layer of
# their own (cargo-chef), run as a user without privileges, the database on /data.
#   docker build -t kith .
#   docker run -d --name kith --env-file kith.env -v kith-data:/data --restart unless-stopped kith

FROM rust:1.95-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.71
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json
# The workspace: the binary's own src/ and every crate (the store's migrations and the
# engine's chart font live inside theirs).
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY crates ./crates
RUN cargo build --release --locked --bin kith

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin kith \
    && install -d -m 0700 -o kith -g kith /data
COPY --from=builder /src/target/release/kith /usr/local/bin/kith
# `kith status` asks Litestream where the replica is, when one is configured.
COPY --from=litestream/litestream:0.3.13 /usr/local/bin/litestream /usr/local/bin/litestream
USER kith:kith
WORKDIR /data
ENV KITH_DB=/data/kith.db \
    KITH_LOG_FORMAT=json
VOLUME ["/data"]
# Unhealthy when a source has failed for a day or no backup is two days old.
HEALTHCHECK --interval=10m --timeout=30s --start-period=2m CMD ["kith", "status", "--quiet"]
ENTRYPOINT ["kith"]
CMD ["run"]
