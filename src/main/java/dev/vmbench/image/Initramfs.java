package dev.vmbench.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes the default guest's initramfs, a cpio "newc" archive: static busybox, the virtio modules and an
 * {@code /init} that loads them in dependency order, waits for the root disk, mounts it and switches to it.
 * No root privileges are needed: device nodes are entries in the archive, not files on the host.
 */
public final class Initramfs {

    /**
     * Loaded in this order, each if present: the virtio core, the transports (mmio for microvm and
     * Firecracker, PCI for q35/pc), the block driver, then the network driver and what it depends on (for
     * --tap-device). The kernel has no modules.dep to consult.
     */
    public static final List<String> MODULES = List.of(
            "virtio_ring", "virtio", "virtio_mmio",
            "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci",
            "virtio_blk", "failover", "net_failover", "virtio_net");

    private Initramfs() {
    }

    /** The {@code /init} script. */
    public static String initScript() {
        return """
                #!/bin/busybox sh
                # vmbench initramfs: load virtio, mount the root disk, switch to it.
                /bin/busybox mount -t devtmpfs devtmpfs /dev
                /bin/busybox mount -t proc proc /proc
                export PATH=/bin
                /bin/busybox --install -s /bin
                root=/dev/vda
                for arg in $(cat /proc/cmdline); do
                  case "$arg" in root=*) root="${arg#root=}" ;; esac
                done
                for m in %s; do
                  [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko
                done
                i=0
                while [ ! -b "$root" ]; do
                  i=$((i + 1))
                  if [ $i -gt 1000 ]; then
                    echo "vmbench-initramfs: root disk $root did not appear after 10 s" >&2
                    exit 1
                  fi
                  usleep 10000
                done
                if ! mount -t ext4 -o rw "$root" /newroot; then
                  echo "vmbench-initramfs: could not mount $root" >&2
                  exit 1
                fi
                umount /proc
                mount --move /dev /newroot/dev
                exec switch_root /newroot /sbin/init
                """.formatted(String.join(" ", MODULES));
    }

    /**
     * @param busybox    a static busybox binary
     * @param moduleDir  folder holding {@code NAME.ko} for the names in {@link #MODULES} (missing ones skipped)
     * @param out        receives the archive
     * @return the module names included
     */
    public static List<String> write(Path busybox, Path moduleDir, OutputStream out) throws IOException {
        List<String> included = new ArrayList<>();
        try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, CpioConstants.FORMAT_NEW)) {
            Writer w = new Writer(cpio);
            for (String d : List.of("bin", "dev", "proc", "sys", "newroot", "lib", "lib/modules")) {
                w.dir(d);
            }
            w.charDevice("dev/console", 5, 1, 0600);
            w.file("bin/busybox", Files.readAllBytes(busybox), 0755);
            w.symlink("bin/sh", "busybox");
            w.file("init", initScript().getBytes(StandardCharsets.UTF_8), 0755);
            for (String m : MODULES) {
                Path ko = moduleDir.resolve(m + ".ko");
                if (Files.isRegularFile(ko)) {
                    w.file("lib/modules/" + m + ".ko", Files.readAllBytes(ko), 0644);
                    included.add(m);
                }
            }
            cpio.finish();
        }
        return included;
    }

    private static final class Writer {
        private final CpioArchiveOutputStream cpio;
        private long inode = 1;

        Writer(CpioArchiveOutputStream cpio) {
            this.cpio = cpio;
        }

        private CpioArchiveEntry entry(String name, long type, int perms, long size) {
            CpioArchiveEntry e = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, name);
            e.setMode(type | perms);
            e.setInode(inode++);
            e.setNumberOfLinks(type == CpioConstants.C_ISDIR ? 2 : 1);
            e.setUID(0);
            e.setGID(0);
            e.setTime(0);
            e.setSize(size);
            return e;
        }

        void dir(String name) throws IOException {
            cpio.putArchiveEntry(entry(name, CpioConstants.C_ISDIR, 0755, 0));
            cpio.closeArchiveEntry();
        }

        void file(String name, byte[] content, int perms) throws IOException {
            cpio.putArchiveEntry(entry(name, CpioConstants.C_ISREG, perms, content.length));
            cpio.write(content);
            cpio.closeArchiveEntry();
        }

        void symlink(String name, String target) throws IOException {
            byte[] t = target.getBytes(StandardCharsets.UTF_8);
            cpio.putArchiveEntry(entry(name, CpioConstants.C_ISLNK, 0777, t.length));
            cpio.write(t);
            cpio.closeArchiveEntry();
        }

        void charDevice(String name, int major, int minor, int perms) throws IOException {
            CpioArchiveEntry e = entry(name, CpioConstants.C_ISCHR, perms, 0);
            e.setRemoteDeviceMaj(major);
            e.setRemoteDeviceMin(minor);
            cpio.putArchiveEntry(e);
            cpio.closeArchiveEntry();
        }
    }
}
