#!/usr/bin/env bash
# Run by 'mvn package' after the Spring Boot jar is built (see pom.xml). Makes the fast way in:
#   target/vmbench-app/     the jar extracted (Spring Boot's tools jarmode): plain jars load faster than nested ones
#   target/vmbench-app/vmbench.jsa
#                           a class-data-sharing archive of the classes the shell loads, made by a training run
#                           with the launcher's own JVM options: the interactive shell on a terminal (through
#                           script(1) when there is one, else on a pipe) given 'help', 'doctor', 'vms', 'exit'.
#                           No guest boots in training: a fresh build has no guest image.
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
export VMBENCH_HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" VMBENCH_CDS_DUMP="$app/vmbench.jsa"
session=$(printf 'help\ndoctor\nvms\nexit\n')
if command -v script >/dev/null; then
  printf '%s\n' "$session" | TERM=xterm-256color COLUMNS=150 LINES=40 script -qec "'$target/vmbench'" /dev/null >/dev/null
else
  printf '%s\n' "$session" | "$target/vmbench" >/dev/null
fi
test -s "$app/vmbench.jsa"
echo "launcher: $target/vmbench (class-data archive $(du -h "$app/vmbench.jsa" | cut -f1))"
