# Lineage services image: lineage-streams and impact-service run from the same launcher jar, the
# command (`streams` / `impact`) picks the role; every other `lineage` command (keygen, keys grant,
# ...) runs from it too. No key is baked in: trust roots and keys are mounted at run time. Every base image is pinned by digest; the sources of
# the digests are recorded in docs/deployment.md, and scripts/check-compose.sh refuses an unpinned FROM.
#
# Needs BuildKit (default on Docker Engine 23+ and Compose v2) for the Maven cache mount.

# ---- build: Maven 3.9 + JDK 17 ------------------------------------------------------------------
FROM maven:3.9.16-eclipse-temurin-17@sha256:bbcab0adfb03704e65831593df63b1c6b7ee42d5d8603f0d88972e0ee81a3036 AS build

WORKDIR /src
COPY . .

# Tests and formatting run in CI (`mvn verify`); the image build only packages what CI already checked.
# The cache mount keeps ~170 MB of dependencies out of the layers and across rebuilds.
RUN --mount=type=cache,target=/root/.m2/repository \
    mvn -B -ntp -Pdist -pl launcher -am -DskipTests package

# Exactly one launcher jar must be found, so a stray -sources/-tests jar cannot be shipped by accident.
RUN set -eu; \
    jars="$(find launcher/target -maxdepth 1 -name 'lineage-launcher-*.jar' \
              ! -name '*-sources.jar' ! -name '*-javadoc.jar' ! -name '*-tests.jar')"; \
    test "$(printf '%s\n' "$jars" | grep -c .)" -eq 1 \
      || { echo "expected one launcher jar in launcher/target, found: $jars" >&2; exit 1; }; \
    test -d launcher/target/lib \
      || { echo "launcher/target/lib is missing (build with -Pdist)" >&2; exit 1; }; \
    mkdir -p /out/app/lib; \
    cp launcher/target/lib/*.jar /out/app/lib/; \
    cp "$jars" /out/app/lineage.jar

# ---- runtime: JRE 17 ------------------------------------------------------------------------------
# glibc (Ubuntu) base on purpose: rocksdbjni ships glibc native libraries, an Alpine JRE would fail to
# load them. The image also carries curl, which the compose healthchecks use.
FROM eclipse-temurin:17-jre@sha256:c6f2875c05ea10f16398bdc5f73405c384991506f2f1ead8bcc6582ae8adea79

RUN groupadd --system --gid 10001 lineage \
 && useradd --system --uid 10001 --gid lineage --home-dir /var/lib/lineage --no-create-home \
      --shell /usr/sbin/nologin lineage \
 && mkdir -p /var/lib/lineage \
 && chown lineage:lineage /var/lib/lineage

# Code stays root-owned and read-only to the service user; only /var/lib/lineage (the state volume)
# is writable.
COPY --from=build /out/app/ /app/

ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

USER lineage
# The state volume is mounted here. The launcher's default data directory is ./state, i.e.
# /var/lib/lineage/state, the same path compose sets in LINEAGE_DATA_DIR: a `docker run` without it
# still keeps its state (and impact-service's own key) on the volume.
WORKDIR /var/lib/lineage
EXPOSE 8080

# sh -c only to expand JAVA_OPTS; exec makes the JVM PID 1 so SIGTERM reaches its shutdown hooks and
# Kafka Streams closes cleanly (no state restore on the next start).
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -cp '/app/lib/*:/app/lineage.jar' dev.lineage.launcher.Main \"$@\"", "lineage"]
CMD ["--help"]
