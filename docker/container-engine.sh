#!/usr/bin/env bash
# Sourced by .ci/run: makes a container engine available for the container tests, or says why there is none.
#
# - With a Docker engine (DOCKER_HOST set, or /var/run/docker.sock), it is used as it is.
# - Else, as root on Debian/Ubuntu, rootful podman is installed (if missing) and its Docker-compatible socket is
#   started (or shared, when another build already serves it; it ends itself after 10 idle minutes), with the two settings these machines need (runc instead of crun, lower default ulimits), written to
#   /etc/containers/containers.conf so that later shells have them (docs/containers.md says why).
# - Then a base image is built without any registry (a jlink'd JRE from the local JDK plus the glibc libraries it
#   needs), saved as a docker-archive for Jib: CIOFAKE_BUILD_JIB_BASE=tar://...
#
# (CIOFAKE_BUILD_* names stay out of CIO_FAKE_*, which configures the fake itself.)
# Exports on success: CIOFAKE_BUILD_CONTAINERS=1, DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED, TESTCONTAINERS_HOST_OVERRIDE,
# CIOFAKE_BUILD_JIB_BASE (for Jib) and CIOFAKE_BUILD_DOCKERFILE_BASE (for docker/Dockerfile). On failure it prints the reason, exports CIOFAKE_BUILD_CONTAINERS=0 and returns 0: the container
# tests then skip, and say so.

cio_containers_skip() {
  echo "container tests: SKIPPED - $*" >&2
  export CIOFAKE_BUILD_CONTAINERS=0
}

cio_containers_setup() {
  local tmp
  tmp=$(mktemp -d)
  export CIOFAKE_BUILD_TMP="$tmp"

  if [ -n "${DOCKER_HOST:-}" ] || [ -S /var/run/docker.sock ] && docker info >/dev/null 2>&1; then
    echo "container engine: Docker at ${DOCKER_HOST:-/var/run/docker.sock}"
    export CIOFAKE_BUILD_ENGINE=docker
  else
    if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1; then
      if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        cio_containers_skip "no Docker engine, and podman cannot be installed here (needs root and apt-get)"
        return 0
      fi
      echo "container engine: installing podman (apt-get)"
      if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
          podman runc uidmap slirp4netns fuse-overlayfs >/dev/null; }; then
        cio_containers_skip "podman could not be installed"
        return 0
      fi
    fi
    # The two settings podman needs on these machines, in the system's containers.conf so that `podman run` in any
    # later shell has them too (an exported CONTAINERS_CONF would only reach this one). An existing file that is not
    # ours is left alone and the settings reach this shell only, with a note.
    local conf=/etc/containers/containers.conf
    if [ ! -e "$conf" ] || grep -q '^# written by cio-fake' "$conf"; then
      mkdir -p /etc/containers
      cat > "$conf" <<'CONF'
# written by cio-fake docker/container-engine.sh: rootful podman on machines whose limits and cgroups need it
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
    else
      export CONTAINERS_CONF="$tmp/containers.conf"
      cat > "$CONTAINERS_CONF" <<'CONF'
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
      echo "container engine: $conf exists and is not cio-fake's; its settings reach this shell only (CONTAINERS_CONF)"
    fi
    local sock=/run/podman/podman.sock
    mkdir -p /run/podman
    if [ -S "$sock" ] && podman --url "unix://$sock" info >/dev/null 2>&1; then
      # another build (or the user) already serves it: share it, and leave it running at cleanup
      echo "container engine: sharing the podman socket already served at $sock"
    else
      rm -f "$sock"
      # it ends itself after 10 idle minutes: other builds may be sharing it when this one ends
      podman system service --time=600 "unix://$sock" >"$tmp/podman-service.log" 2>&1 &
      export CIOFAKE_BUILD_PODMAN_PID=$!
    fi
    for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
    if [ ! -S "$sock" ]; then
      cio_containers_skip "the podman socket did not come up (see $tmp/podman-service.log)"
      return 0
    fi
    export DOCKER_HOST="unix://$sock"
    export CIOFAKE_BUILD_ENGINE=podman
    export TESTCONTAINERS_RYUK_DISABLED=true
    export TESTCONTAINERS_HOST_OVERRIDE=localhost
    echo "container engine: podman $(podman --version | awk '{print $3}') at $DOCKER_HOST"
  fi

  # A base image without a registry: jlink'd JRE of the local JDK + the glibc libraries it needs.
  local jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
  if [ ! -x "$jdk/bin/jlink" ]; then
    cio_containers_skip "no jlink in $jdk (a JDK, not a JRE, is needed to build the base image)"
    return 0
  fi
  local root="$tmp/rootfs"
  mkdir -p "$root/opt" "$root/lib/x86_64-linux-gnu" "$root/lib64" "$root/tmp" "$root/etc"
  "$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.desktop,jdk.crypto.ec,jdk.unsupported,jdk.httpserver,java.security.jgss \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$root/opt/java" >/dev/null
  for l in libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 libz.so.1 libgcc_s.so.1 libstdc++.so.6 \
           libnss_files.so.2 libnss_dns.so.2 libresolv.so.2; do
    cp -L "/lib/x86_64-linux-gnu/$l" "$root/lib/x86_64-linux-gnu/" 2>/dev/null || true
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
  printf 'root:x:0:0:root:/root:/sbin/nologin\ncio:x:65532:65532:cio-fake:/tmp:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\ncio:x:65532:\n' >"$root/etc/group"
  echo 'hosts: files dns' >"$root/etc/nsswitch.conf"
  chmod 1777 "$root/tmp"
  if [ "${CIOFAKE_BUILD_ENGINE:-}" = podman ]; then
    tar -C "$root" -c . | podman import --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
      --change 'ENV JAVA_HOME=/opt/java' - localhost/cio-fake-jre17-base:latest >/dev/null
    podman save --format docker-archive -o "$tmp/jre17-base.tar" localhost/cio-fake-jre17-base:latest >/dev/null
  else
    tar -C "$root" -c . | docker import --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin' \
      --change 'ENV JAVA_HOME=/opt/java' - localhost/cio-fake-jre17-base:latest >/dev/null
    docker save -o "$tmp/jre17-base.tar" localhost/cio-fake-jre17-base:latest
  fi
  export CIOFAKE_BUILD_JIB_BASE="tar://$tmp/jre17-base.tar"
  export CIOFAKE_BUILD_DOCKERFILE_BASE="localhost/cio-fake-jre17-base:latest"
  export CIOFAKE_BUILD_CONTAINERS=1
  echo "container base image: $CIOFAKE_BUILD_JIB_BASE ($(du -h "$tmp/jre17-base.tar" | cut -f1))"
}

cio_containers_cleanup() {
  if [ "${CIOFAKE_BUILD_ENGINE:-}" = podman ]; then
    # only what Testcontainers left behind and has stopped: other builds on this machine may have containers running
    podman ps -aq --filter label=org.testcontainers=true --filter status=exited --filter status=created \
      | xargs -r podman rm -f >/dev/null 2>&1 || true
  fi
  [ -n "${CIOFAKE_BUILD_TMP:-}" ] && rm -rf "$CIOFAKE_BUILD_TMP"
  return 0
}
