#!/bin/bash
# TEST DOUBLE: a stand-in for the firecracker executable, for testing vmbench's process handling only.
# It is NOT Firecracker and boots nothing. It checks what vmbench hands a firecracker process (the
# argv, the config file's mode and fields, the kernel's format, the disk), records what it saw in
# calls.log beside itself, and then serves a host shell on its stdio, the pty, the way a guest's
# serial console would. The real path is tested by FirecrackerIT#bootsTheDefaultGuestInRealFirecracker
# wherever firecracker and a usable KVM exist.
set -u
here=$(cd "$(dirname "$0")" && pwd)
record="$here/calls.log"
fail() {
    echo "stand-in: $*"
    echo "FAIL $*" >>"$record"
    exit 1
}

# --version: what a file 'version' beside the stand-in says, else a current release's line
if [ "${1:-}" = "--version" ]; then
    echo "Firecracker $(cat "$here/version" 2>/dev/null || echo v1.10.1)"
    exit 0
fi
mode=""
config=""
while [ $# -gt 0 ]; do
    case "$1" in
        --no-api) mode="no-api"; shift ;;
        --api-sock) [ $# -ge 2 ] || fail "--api-sock needs a path"; mode="api-sock $2"; shift 2 ;;
        --config-file) [ $# -ge 2 ] || fail "--config-file needs a path"; config="$2"; shift 2 ;;
        *) fail "unexpected argument $1" ;;
    esac
done
[ -n "$mode" ] || fail "neither --no-api nor --api-sock given"
[ -n "$config" ] || fail "no --config-file given"
[ -f "$config" ] || fail "config file $config does not exist"
[ "$(stat -c %a "$config")" = 600 ] || fail "config file mode is $(stat -c %a "$config"), not 600"
[ "$(stat -c %a "$(dirname "$config")")" = 700 ] || fail "config folder is not private (700)"
for key in boot-source kernel_image_path boot_args drives drive_id path_on_host is_root_device is_read_only \
        machine-config vcpu_count mem_size_mib; do
    grep -q "\"$key\"" "$config" || fail "config has no \"$key\""
done
value() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" "$config" | head -n 1; }
kernel=$(value kernel_image_path)
[ "$(head -c 4 "$kernel" | od -An -c | tr -d ' ')" = '177ELF' ] || fail "kernel $kernel is not an ELF file"
disk=$(value path_on_host)
[ -f "$disk" ] || fail "drive $disk does not exist"
echo "OK mode=$mode config=$config kernel=$kernel disk=$disk" >>"$record"

# Firecracker logs where the config's logger says, never on the console (which is its stdout)
log=$(value log_path)
[ -n "$log" ] || fail "config has no logger log_path: Firecracker would log into the guest console"
[ -f "$log" ] || fail "log file $log does not exist (Firecracker before 1.14 does not create it)"
[ ! -s "$log" ] || fail "log file $log is not empty (Firecracker overwrites from its start without truncating)"
echo "[stand-in:main] Running Firecracker stand-in (log line that must not reach the console)" >"$log"

# A behaviour asked for by a file beside the stand-in: 'panic' boots into a kernel panic, which Firecracker
# ends the way it ends a clean reboot (i8042 reset, exit status 0), before any prompt.
if [ "$(cat "$here/behaviour" 2>/dev/null)" = panic ]; then
    echo "[    0.512345] VFS: Cannot open root device \"vda\" or unknown-block(0,0): error -6"
    echo "[    0.512400] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)"
    echo "[    0.512500] ---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0) ]---"
    exit 0
fi

# A shell that looks like the default guest's. reboot must never reach the host's own reboot: it is a
# function in the shell (read through $ENV) and, in case that is not read, a script first on PATH.
# Both end this shell, which ends the "VM".
bin="$here/stand-in-bin"
mkdir -p "$bin"
printf '#!/bin/sh\nkill -KILL $PPID\n' >"$bin/reboot"
chmod 755 "$bin/reboot"
printf 'reboot() { exit 0; }\n' >"$here/stand-in-rc"
echo "stand-in firecracker: serving a host shell as the guest console"
PS1='(none):~# ' ENV="$here/stand-in-rc" PATH="$bin:$PATH" exec /bin/sh -i
