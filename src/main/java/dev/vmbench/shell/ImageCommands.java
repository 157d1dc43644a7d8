package dev.vmbench.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

import dev.vmbench.VmbenchException;
import dev.vmbench.image.GuestTool;
import dev.vmbench.image.ImageBuilder;
import dev.vmbench.image.ImageLayout;
import dev.vmbench.image.ImageManifest;
import dev.vmbench.report.Units;
import dev.vmbench.text.CommaList;

@ShellComponent
public class ImageCommands {

    private final ImageLayout layout;
    private final Out out;
    private final dev.vmbench.host.Host host;

    public ImageCommands(ImageLayout defaultImage, Out out, dev.vmbench.host.Host host) {
        this.host = host;
        this.layout = defaultImage;
        this.out = out;
    }

    @ShellMethod(key = "image build", value = "Build the default guest image (kernel, initramfs, ext4 root disk).",
            group = "Image")
    public String build(
            @ShellOption(value = "--random-mib", defaultValue = "64",
                    help = "size of /random.txt in MiB (1024 reproduces the seed)") int randomMiB,
            @ShellOption(value = "--force", defaultValue = "false", help = "rebuild from scratch (the previous image stays until the new one is complete)") boolean force,
            @ShellOption(value = "--kernel-package", defaultValue = ImageBuilder.DEFAULT_KERNEL_PACKAGE,
                    help = "Debian kernel (meta-)package to take the kernel from") String kernelPackage,
            @ShellOption(value = "--with", defaultValue = ShellOption.NULL, arity = 64,
                    help = "guest tools: Debian packages whose program of the same name goes on the root disk with"
                            + " the libraries it needs (fio,stress-ng)") String[] with)
            throws InterruptedException {
        out.println("Building the default image in " + layout.dir());
        ImageManifest m;
        try {
            m = new ImageBuilder(layout, out::println, host).build(kernelPackage, randomMiB, force,
                    CommaList.of(with));
        } catch (InterruptedException e) {
            throw new VmbenchException(ImageBuilder.INTERRUPTED);
        }
        return "Image ready: kernel " + m.kernelVersion() + ", /random.txt " + m.randomMiB() + " MiB (sha256 "
                + m.randomSha256() + ")" + (m.tools().isEmpty() ? "" : ", tools " + String.join(", ", m.tools().stream()
                .map(t -> t.name() + " " + t.version()).toList()));
    }

    @ShellMethod(key = "image info", value = "Show the default image: paths, sizes, kernel, /random.txt sha256.",
            group = "Image")
    public String info() throws IOException {
        ImageManifest m = ImageBuilder.readManifest(layout).orElseThrow(() -> new VmbenchException(
                "the default image is not built (" + layout.dir() + "): run 'image build'"));
        List<String> lines = new ArrayList<>();
        lines.add("folder        " + layout.dir());
        lines.add("kernel        " + m.kernelVersion() + " (from " + m.kernelPackage() + ")");
        lines.add("busybox       " + m.busyboxPackage());
        lines.add("modules       " + String.join(", ", m.modules()));
        lines.add("random.txt    " + m.randomMiB() + " MiB, sha256 " + m.randomSha256());
        if (m.tools().isEmpty()) {
            lines.add("tools         none (busybox only; 'image build --with fio' adds fio)");
        }
        for (GuestTool t : m.tools()) {
            lines.add(String.format("%-13s %s, %s, %d libraries from %d packages", "tool " + t.name(),
                    t.packageName() + " " + t.version(), t.program(), t.libraries().size(),
                    t.libraryPackages().size()));
        }
        lines.add("built         " + m.builtAt());
        for (Path p : List.of(layout.bzImage(), layout.vmlinux(), layout.initramfs(), layout.rootfs())) {
            lines.add(String.format("%-13s %s  %s", p.getFileName(),
                    Files.exists(p) ? Units.mib(Files.size(p)) : "MISSING", p));
        }
        return String.join("\n", lines);
    }
}
