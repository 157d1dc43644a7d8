package dev.vmbench.image;

import java.util.List;

/**
 * A program {@code image build --with NAME} put on the root disk, from the Debian package of that name, with
 * what its ELF needs to run.
 *
 * @param name            what was asked for, the package's name
 * @param packageName     the Debian package the program came from
 * @param version         that package's version, e.g. 3.33-3
 * @param program         the program's path in the guest, e.g. /usr/bin/fio
 * @param libraries       the guest paths of the shared libraries and the loader it needs (followed through the
 *                        libraries' own needs), as their sonames name them
 * @param libraryPackages the packages those came from, as "NAME VERSION"
 */
public record GuestTool(String name, String packageName, String version, String program, List<String> libraries,
                        List<String> libraryPackages) {

    public GuestTool {
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
        libraryPackages = libraryPackages == null ? List.of() : List.copyOf(libraryPackages);
    }

    /** {@code fio 3.33-3 (+12 libraries from 9 packages)}. */
    public String summary() {
        return name + " " + version + (packageName.equals(name) ? "" : " (package " + packageName + ")") + " (+"
                + libraries.size() + (libraries.size() == 1 ? " library" : " libraries") + " from "
                + libraryPackages.size() + (libraryPackages.size() == 1 ? " package)" : " packages)");
    }
}
