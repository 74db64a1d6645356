# Sourced by the load scripts. The benchmark seeders (`bench-seed`, `bench-seed-enrollment`)
# exist only in builds with the server's `bench` feature: they sign trainees in with tokens
# anyone can read here, so production builds (`make build`, `make dist`) lack them. The server
# under test can still be such a build; only the seeding needs one with the feature.
#
# picap_seeder SERVER_BIN prints the first of PICAP_SEEDER, SERVER_BIN and target/debug/picap
# (the build `cargo test` makes, which has the feature) that has the seeders; both builds come
# from this tree, so they share the schema.
picap_seeder() {
  local candidate
  for candidate in "${PICAP_SEEDER:-}" "$1" ./target/debug/picap; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] \
      && "$candidate" help bench-seed-enrollment >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no picap build with the benchmark seeders: run 'cargo test -p server --no-run' (test builds have the bench feature), or set PICAP_SEEDER" >&2
  return 1
}
