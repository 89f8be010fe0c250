# Sourced by .ci/run. Sets TEST_POSTGRES_URL to an admin connection on a PostgreSQL server:
# the one the project's machines run on 127.0.0.1:5432 if it answers, otherwise a throwaway
# cluster started from Debian's postgresql package on port 54329.
ensure_postgres() {
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "${CI_POSTGRES_PORT:-5432}"; then
    TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:${CI_POSTGRES_PORT:-5432}/postgres"
    export TEST_POSTGRES_URL
    return
  fi
  local bindir
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bindir" ]; then
    echo "no PostgreSQL on 5432: installing Debian's postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  local dir=/tmp/lantern-ci-pg
  rm -rf "$dir" && mkdir -p "$dir"
  local run_as=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root.
    chown postgres "$dir" 2>/dev/null || { id postgres >/dev/null 2>&1 || useradd -r postgres; chown postgres "$dir"; }
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -o "-p 54329 -k $dir -c listen_addresses=127.0.0.1" -l "$dir/log" -w start >/dev/null
  TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:54329/postgres"
  export TEST_POSTGRES_URL
}
