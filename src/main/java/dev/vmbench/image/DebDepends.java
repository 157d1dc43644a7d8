package dev.vmbench.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A package's {@code Depends}/{@code Pre-Depends} as the package names to look in for a shared library, after
 * Debian's shlibs convention: the package that provides a soname an ELF needs is in the Depends of the
 * package holding that ELF. Pure: reads the field's text.
 */
final class DebDepends {

    /** What glibc's libc6 provides besides libc.so.6: looked for there first. */
    private static final Set<String> LIBC6 = Set.of("libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2",
            "librt.so.1", "libresolv.so.2", "libutil.so.1", "libanl.so.1", "libmvec.so.1", "libnsl.so.1",
            "libBrokenLocale.so.1", "libc_malloc_debug.so.0", "libthread_db.so.1", "libnss_files.so.2",
            "libnss_dns.so.2", "ld-linux-x86-64.so.2");

    private DebDepends() {
    }

    /**
     * The groups of a Depends field, each its alternatives ({@code a | b}) by name, in order: version
     * constraints ({@code (>= 1.2)}), architecture qualifiers ({@code :any}, {@code :amd64}) and
     * architecture or profile restrictions ({@code [amd64]}, {@code <!nocheck>}) left out.
     */
    static List<List<String>> groups(String field) {
        List<List<String>> groups = new ArrayList<>();
        if (field == null) {
            return groups;
        }
        String flat = field.replaceAll("\\s+", " ");
        for (String group : flat.split(",")) {
            List<String> names = new ArrayList<>();
            for (String alternative : group.split("\\|")) {
                String name = alternative.replaceAll("\\([^)]*\\)|\\[[^]]*]|<[^>]*>", " ").strip();
                int colon = name.indexOf(':');
                if (colon >= 0) {
                    name = name.substring(0, colon);
                }
                name = name.strip();
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
            if (!names.isEmpty()) {
                groups.add(names);
            }
        }
        return groups;
    }

    /**
     * The packages to try, in order, for a soname: of each group its first alternative (then the others),
     * those whose name looks like the soname first ({@code libfoo.so.1}: libfoo1, libfoo-dev...; libc6 for
     * glibc's libraries), the rest in the field's order.
     */
    static List<String> candidates(String soname, List<List<String>> groups) {
        Set<String> ordered = new LinkedHashSet<>();
        for (List<String> g : groups) {
            ordered.add(g.get(0));
        }
        for (List<String> g : groups) {
            ordered.addAll(g);
        }
        List<String> all = new ArrayList<>(ordered);
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(pkg -> -likeness(soname, pkg)));
        return sorted; // a stable sort: equally like packages keep the field's order
    }

    /** How much a package name looks like the soname's (or loader path's) library: 3 libc6 for glibc, 2 same stem, 1 a prefix, else 0. */
    static int likeness(String need, String pkg) {
        String soname = need.substring(need.lastIndexOf('/') + 1); // the loader by its path
        if (pkg.equals("libc6")) {
            return LIBC6.contains(soname) ? 3 : 0;
        }
        String stem = stem(soname);
        String p = normal(pkg);
        if (stem.isEmpty()) {
            return 0;
        }
        if (p.equals(stem) || p.matches("\\Q" + stem + "\\E[0-9.]*[a-z]?")) {
            return 2;
        }
        String bare = stem.startsWith("lib") ? stem.substring(3) : stem;
        boolean like = p.startsWith(stem) || (bare.length() >= 2 && p.contains(bare)) || p.startsWith(bare + "lib");
        return like ? 1 : 0; // zlib1g for libz.so.1
    }

    /** {@code libfoo-1.2.so.3} → "libfoo12"; {@code libstdc++.so.6} → "libstdc". */
    private static String stem(String soname) {
        int so = soname.indexOf(".so");
        String base = so >= 0 ? soname.substring(0, so) : soname;
        return normal(base);
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** The first alternative of every group: what the package depends on by default. */
    static List<String> firstChoices(List<List<String>> groups) {
        return groups.stream().map(g -> g.get(0)).toList();
    }

    /**
     * The fields of {@code dpkg-deb -f DEB F1 F2 ...}'s answer ({@code Name: value} lines, continuation lines
     * starting with a space joined on), by name.
     */
    static Map<String, String> control(String dpkgDebF) {
        Map<String, String> fields = new LinkedHashMap<>();
        String last = null;
        for (String line : dpkgDebF.lines().toList()) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                fields.merge(last, " " + line.strip(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                last = line.substring(0, colon).strip();
                fields.put(last, line.substring(colon + 1).strip());
            }
        }
        return fields;
    }
}
