package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsTest {

    @Test
    void archiveHoldsBusyboxInitConsoleAndThePresentModules(@TempDir Path dir) throws Exception {
        Path busybox = Files.write(dir.resolve("busybox"), new byte[] {1, 2, 3});
        Path mods = Files.createDirectories(dir.resolve("mods"));
        Files.writeString(mods.resolve("virtio_blk.ko"), "blk");
        Files.writeString(mods.resolve("virtio.ko"), "core");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(Initramfs.write(busybox, mods, out)).containsExactly("virtio", "virtio_blk");

        Map<String, CpioArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            CpioArchiveEntry e;
            while ((e = in.getNextCPIOEntry()) != null) {
                assertThat(e.getFormat()).isEqualTo(CpioConstants.FORMAT_NEW);
                entries.put(e.getName(), e);
                contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsKeys("init", "bin/busybox", "bin/sh", "dev/console",
                "lib/modules/virtio.ko", "lib/modules/virtio_blk.ko", "newroot", "proc");
        CpioArchiveEntry console = entries.get("dev/console");
        assertThat(console.getMode() & CpioConstants.S_IFMT).isEqualTo(CpioConstants.C_ISCHR);
        assertThat(console.getRemoteDeviceMaj()).isEqualTo(5);
        assertThat(console.getRemoteDeviceMin()).isEqualTo(1);
        assertThat(entries.get("init").getMode() & 0777).isEqualTo(0755);
        assertThat(entries.get("bin/sh").getMode() & CpioConstants.S_IFMT).isEqualTo(CpioConstants.C_ISLNK);
        assertThat(contents.get("bin/sh")).isEqualTo("busybox");
        assertThat(contents.get("lib/modules/virtio_blk.ko")).isEqualTo("blk");
    }

    @Test
    void initLoadsTransportsBeforeTheBlockDriverAndSwitchesRoot() {
        String init = Initramfs.initScript();
        assertThat(init).startsWith("#!/bin/busybox sh\n");
        assertThat(init).contains("for m in virtio_ring virtio virtio_mmio virtio_pci_legacy_dev "
                + "virtio_pci_modern_dev virtio_pci virtio_blk failover net_failover virtio_net; do");
        assertThat(init).contains("exec switch_root /newroot /sbin/init");
    }

    @Test
    void guestInitGivesTheSeedPrompt() {
        assertThat(GuestInit.script()).contains("PS1='\\h:\\w\\$ '").contains("setsid cttyhack sh");
    }
}
