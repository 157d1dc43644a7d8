#!/usr/bin/env bash
# Run by 'mvn package' after the Spring Boot jar is built (see pom.xml). Makes the fast way in:
#   target/vmbench-app/     the jar extracted (Spring Boot's tools jarmode): plain jars load faster than nested ones
#   target/vmbench-app/vmbench.jsa
#                           a class-data-sharing archive of the classes a one-shot command and the shell load,
#                           made by a training run ('vmbench help') with the launcher's own JVM options
#   target/vmbench          the launcher: a shell script that runs the extracted jar with the archive
# The JVM options live in src/build/vmbench.sh and nowhere else.
set -euo pipefail
target=$(cd "$1" && pwd)
app="$target/vmbench-app"
rm -rf "$app"
java -Djarmode=tools -jar "$target/vmbench.jar" extract --destination "$app" >/dev/null
sed "s|@APP@|vmbench-app|" "$(dirname "$0")/vmbench.sh" >"$target/vmbench"
chmod 755 "$target/vmbench"
# The training run: a scratch VMBENCH_HOME and config folder, so the build touches nothing of the user's.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
VMBENCH_HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" VMBENCH_CDS_DUMP="$app/vmbench.jsa" \
  "$target/vmbench" help </dev/null >/dev/null
test -s "$app/vmbench.jsa"
echo "launcher: $target/vmbench (class-data archive $(du -h "$app/vmbench.jsa" | cut -f1))"
