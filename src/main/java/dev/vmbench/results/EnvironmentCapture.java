package dev.vmbench.results;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.vmbench.config.VmbenchVersion;
import dev.vmbench.guest.ExecResult;
import dev.vmbench.guest.GuestExec;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.session.VmSession;

/**
 * The environment a figure was measured in, as a flat map that goes into every results-log record and
 * export: host CPU, host kernel, hypervisor and its version, accelerator, guest kernel, the VM's spec, the
 * image's identity and vmbench's version. None of it changes while a VM lives, so each VM's is gathered once
 * (that includes asking the guest for {@code uname -r}) and kept; a hypervisor's version once per binary.
 */
public class EnvironmentCapture {

    private final ImageLayout defaultImage;
    private final Map<String, String> versions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> byVm = new ConcurrentHashMap<>();

    /** @param defaultImage the default image, to name its /random.txt when a VM boots it; may be null */
    public EnvironmentCapture(ImageLayout defaultImage) {
        this.defaultImage = defaultImage;
    }

    public Map<String, Object> of(VmSession vm) throws InterruptedException {
        String key = vm.name() + "/" + vm.pid();
        Map<String, Object> known = byVm.get(key);
        if (known != null) {
            return known;
        }
        Map<String, Object> m = gather(vm);
        byVm.put(key, m);
        return m;
    }

    private Map<String, Object> gather(VmSession vm) throws InterruptedException {
        Map<String, Object> m = new LinkedHashMap<>();
        dev.vmbench.host.Host host = vm.host();
        m.put("host", host.name());
        m.put("host_cpu", host.cpuModel());
        m.put("host_cpus", host.cpuCount());
        m.put("host_kernel", host.kernelRelease());
        m.put("hypervisor", vm.hypervisor());
        String binary = vm.plan().argv().get(0);
        m.put("hypervisor_version", versions.computeIfAbsent(binary,
                b -> host.versionLine(Path.of(b), "--version").orElse("unknown")));
        m.put("accel", vm.accel().label());
        m.put("guest_kernel", guestKernel(vm));
        m.put("mem_mib", vm.spec().memMiB());
        m.put("cpus", vm.spec().cpus());
        m.put("kernel", String.valueOf(vm.spec().kernel()));
        m.put("cmdline", vm.plan().cmdline());
        m.put("rootfs", String.valueOf(vm.spec().rootfs()));
        if (vm.spec().extras().scratch() != null) {
            // what a block figure means depends on it: the host's page cache or not, flushes honoured or not
            m.put("scratch_disk", vm.spec().extras().scratch().describe(vm.hypervisor()));
        }
        m.put("image_random_sha256", imageSha(vm));
        m.put("vmbench_version", VmbenchVersion.get());
        return java.util.Collections.unmodifiableMap(m);
    }

    private static String guestKernel(VmSession vm) throws InterruptedException {
        try {
            ExecResult r = GuestExec.run(vm, "uname -r", Duration.ofSeconds(20));
            return r.ok() ? r.output().strip() : "unknown";
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private String imageSha(VmSession vm) {
        if (defaultImage == null || vm.spec().rootfs() == null
                || !vm.spec().rootfs().toAbsolutePath().equals(defaultImage.rootfs().toAbsolutePath())) {
            return null;
        }
        return ImageBuilder.readManifest(defaultImage).map(m -> m.randomSha256()).orElse(null);
    }
}
