package dev.vmbench.image;

/**
 * The root disk's {@code /sbin/init}: mounts what a shell needs and runs one on the console, with the
 * seed's prompt {@code (none):~# }. {@code cttyhack} gives the shell the console as its controlling
 * terminal so Ctrl-C interrupts guest commands. If the shell exits, a new one starts.
 */
public final class GuestInit {

    private GuestInit() {
    }

    public static String script() {
        return """
                #!/bin/sh
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                [ -c /dev/null ] || mount -t devtmpfs devtmpfs /dev
                mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
                export HOME=/root PATH=/bin:/sbin:/usr/bin:/usr/sbin PS1='\\h:\\w\\$ '
                cd /root
                while true; do
                  setsid cttyhack sh
                done
                """;
    }
}
