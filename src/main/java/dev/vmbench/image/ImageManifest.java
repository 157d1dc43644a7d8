package dev.vmbench.image;

import java.util.List;
import java.util.Optional;

import dev.vmbench.VmbenchException;

/**
 * What {@code image build} made, saved as {@code image.json} beside the image.
 *
 * @param kernelPackage  the Debian package the kernel came from
 * @param kernelVersion  e.g. 6.1.0-56-cloud-amd64
 * @param busyboxPackage the busybox-static package version
 * @param modules        the modules the initramfs loads
 * @param randomMiB      size of /random.txt
 * @param randomSha256   sha256 of /random.txt
 * @param builtAt        ISO-8601 time of the build
 * @param format         how vmbench lays out the initramfs and root disk; a build with another format
 *                       remakes them
 * @param tools          the guest tools {@code --with} put on the root disk (none in an image.json written
 *                       before there were any)
 */
public record ImageManifest(String kernelPackage, String kernelVersion, String busyboxPackage, List<String> modules,
                            int randomMiB, String randomSha256, String builtAt, int format, List<GuestTool> tools) {

    /** Raised whenever the initramfs or the root disk's contents change. */
    public static final int FORMAT = 2;

    public ImageManifest {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** The tool of that name, if the image has it. */
    public Optional<GuestTool> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public boolean hasTool(String name) {
        return tool(name).isPresent();
    }

    /** The names of the tools, in the order --with gave them. */
    public List<String> toolNames() {
        return tools.stream().map(GuestTool::name).toList();
    }

    /**
     * The tool of that name, else a one-line error saying how to build an image with it (keeping the tools
     * this image has): {@code the image has no fio: run 'image build --with fio'}.
     */
    public GuestTool requireTool(String name) {
        return tool(name).orElseThrow(() -> new VmbenchException(missingTool(name)));
    }

    /** {@code the image has no fio: run 'image build --with stress-ng,fio'}: the build that adds it to these tools. */
    public String missingTool(String name) {
        return noTool(name, toolNames());
    }

    /** {@code the image has no fio: run 'image build --with fio'}, for when there is no image to ask. */
    public static String noTool(String name) {
        return noTool(name, List.of());
    }

    private static String noTool(String name, List<String> have) {
        List<String> with = new java.util.ArrayList<>(have);
        if (!with.contains(name)) {
            with.add(name);
        }
        return "the image has no " + name + ": run 'image build --with " + String.join(",", with) + "'";
    }
}
