#!/bin/sh
# vmbench launcher, written by the build (src/build/vmbench.sh): runs the extracted jar with its class-data
# archive. Link it onto PATH as it is (ln -s "$PWD/target/vmbench" /usr/local/bin/vmbench): it finds its
# files through the link. Extra JVM options: VMBENCH_JAVA_OPTS. A JDK elsewhere: JAVA_HOME.
#   -XX:TieredStopAtLevel=1  the quick compiler only: vmbench waits on guests, it does not compute
#   -XX:+UseSerialGC         the smallest, fastest-starting collector for a small heap
#   -XX:CICompilerCount=1    one compiler thread: at start it competes with the main thread for the CPUs
#   -XX:-UsePerfData         no /tmp/hsperfdata file to create and update (jps/jstat do not see the shell)
#   -Xms16m                  a small heap to start with: the young generation is collected early instead of
#                            growing into 100 MiB of garbage (the JVM's default, 1/64 of RAM); the shell holds ~15 MiB
#   -Xmx256m                 the bound: 8 VMs' 5000-line scrollbacks, console readers and transcripts need a few
#                            tens of MiB; a runaway is stopped long before it takes the host's memory
#   -Dspring.aot.enabled=true  the bean definitions Spring AOT wrote at build time (mvn package's process-aot):
#                            no class-path scan, no configuration-class parsing, no auto-configuration conditions
here=$(dirname "$(readlink -f "$0")")
app="$here/@APP@"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ -n "${VMBENCH_CDS_DUMP:-}" ]; then
  cds="-XX:ArchiveClassesAtExit=$VMBENCH_CDS_DUMP"
else
  # A stale archive (another JDK, a moved folder) is ignored without a word and costs only speed.
  cds="-XX:SharedArchiveFile=$app/vmbench.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
# VMBENCH_JVM_FLOOR=1 ('benchmark startup'): the same JVM, options and archive running a trivial main instead.
if [ -n "${VMBENCH_JVM_FLOOR:-}" ]; then
  set -- -cp "$app/vmbench.jar" dev.vmbench.benchmark.JvmFloor "$@"
else
  set -- -jar "$app/vmbench.jar" "$@"
fi
# shellcheck disable=SC2086
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1 -XX:-UsePerfData -Xms16m -Xmx256m -Dspring.aot.enabled=true $cds ${VMBENCH_JAVA_OPTS:-} "$@"
