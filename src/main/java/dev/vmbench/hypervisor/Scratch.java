package dev.vmbench.hypervisor;

import java.util.Locale;

/**
 * A second disk for I/O workloads ({@code boot --scratch-disk 1G}): a sparse raw file in the VM's folder,
 * removed with the VM, attached after the root disk (the guest's {@code /dev/vdb}), so a workload never writes the
 * root disk. How the hypervisor backs it decides what a block figure means, so it is chosen and recorded:
 *
 * @param mib   its size
 * @param cache how the host caches it
 */
public record Scratch(long mib, Cache cache) {

    /** File name in the VM's folder. */
    public static final String FILE = "scratch.img";

    /**
     * The host side of the disk. Firecracker opens its drives without O_DIRECT, always through the host's page
     * cache (its {@code cache_type} only says whether the guest's flushes reach the disk); QEMU can do all three.
     */
    public enum Cache {
        /** host page cache, the guest's flushes honoured (fsync): QEMU cache=writeback, Firecracker Writeback */
        WRITEBACK("writeback", "Writeback", "the host's page cache; the guest's flushes reach the disk (fsync)"),
        /** host page cache, flushes ignored: QEMU cache=unsafe, Firecracker Unsafe (its default) */
        UNSAFE("unsafe", "Unsafe", "the host's page cache; the guest's flushes are ignored"),
        /** O_DIRECT on the host, no page cache: QEMU cache=none; Firecracker cannot */
        NONE("none", null, "O_DIRECT on the host: past its page cache");

        public final String qemu;
        public final String firecracker;
        public final String meaning;

        Cache(String qemu, String firecracker, String meaning) {
            this.qemu = qemu;
            this.firecracker = firecracker;
            this.meaning = meaning;
        }

        public static Cache parse(String text) {
            for (Cache c : values()) {
                if (c.qemu.equalsIgnoreCase(text == null ? "" : text.strip())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("bad --scratch-cache '" + text + "': use writeback (default), unsafe "
                    + "or none");
        }
    }

    public Scratch {
        if (mib < 1) {
            throw new IllegalArgumentException("a scratch disk needs at least 1 MiB");
        }
        cache = cache == null ? Cache.WRITEBACK : cache;
    }

    /** {@code --scratch-disk SIZE [--scratch-cache MODE]}; null size: no scratch disk. */
    public static Scratch parse(String size, String cache) {
        if (size == null) {
            if (cache != null) {
                throw new IllegalArgumentException("--scratch-cache needs --scratch-disk SIZE");
            }
            return null;
        }
        return new Scratch(MemSize.parseMiB(size), cache == null ? Cache.WRITEBACK : Cache.parse(cache));
    }

    public long bytes() {
        return mib * 1024 * 1024;
    }

    /** What the records say of it: "1024 MiB sparse raw file, cache=writeback (...)". */
    public String describe(String hypervisor) {
        return String.format(Locale.ROOT, "%d MiB sparse raw file, /dev/vdb, cache %s: %s", mib,
                hypervisor.startsWith("firecracker") ? "cache_type " + cache.firecracker + ", io_engine Sync"
                        : "cache=" + cache.qemu + ", aio=threads", cache.meaning);
    }
}
