package dev.vmbench.it;

import java.nio.file.Path;
import java.util.List;

import dev.vmbench.config.VmbenchPaths;
import dev.vmbench.host.LocalHost;
import dev.vmbench.hypervisor.Accel;
import dev.vmbench.hypervisor.Hypervisors;
import dev.vmbench.hypervisor.VmSpec;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.session.VmLauncher;

/**
 * The default image the integration tests share, built once per run into {@code target/it-home}
 * (the VMBENCH_HOME of every vmbench the tests start).
 */
public final class TestImage {

    public static final Path HOME = Path.of("target", "it-home").toAbsolutePath();
    public static final Path JAR = Path.of("target", "vmbench.jar").toAbsolutePath();
    /** The launcher mvn package writes: starts faster than java -jar. */
    public static final Path LAUNCHER = Path.of("target", "vmbench").toAbsolutePath();
    private static ImageLayout layout;

    private TestImage() {
    }

    public static synchronized ImageLayout get() throws InterruptedException {
        if (layout == null) {
            ImageLayout l = new ImageLayout(paths().defaultImage());
            new ImageBuilder(l, line -> System.out.println("[test image] " + line), host())
                    .build(null, ImageBuilder.DEFAULT_RANDOM_MIB, false);
            layout = l;
        }
        return layout;
    }

    /** This machine, with the tests' native folder. */
    public static dev.vmbench.host.LocalHost host() {
        return new dev.vmbench.host.LocalHost(paths().nativeLibs());
    }

    public static VmbenchPaths paths() {
        return new VmbenchPaths(HOME);
    }

    public static VmLauncher launcher() {
        return new VmLauncher(Hypervisors.builtIn(), TestImage.host(), paths());
    }

    public static VmSpec spec(String name, String hypervisor) throws InterruptedException {
        ImageLayout l = get();
        return new VmSpec(name, hypervisor, l.bzImage(), l.initramfs(), l.rootfs(), 512, 2, null, Accel.AUTO, false,
                null, List.of());
    }
}
