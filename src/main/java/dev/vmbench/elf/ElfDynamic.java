package dev.vmbench.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader reads from an ELF64 little-endian file: the program interpreter ({@code PT_INTERP},
 * e.g. {@code /lib64/ld-linux-x86-64.so.2}) and the dynamic section's {@code DT_NEEDED} sonames, with the
 * file's own {@code DT_SONAME} and its {@code DT_RUNPATH}/{@code DT_RPATH} folders, in the file's order (as
 * {@code readelf -d} lists them). Read from the program headers, as the loader does (the dynamic string
 * table's address is mapped to a file offset through the {@code PT_LOAD} segments); a file without program
 * headers for them falls back to the {@code .dynamic} section and its linked string table. Pure: it reads
 * the bytes it is given and nothing else.
 *
 * @param interpreter the PT_INTERP path, or null for a static program or a shared library
 * @param needed      the DT_NEEDED sonames, in order
 * @param soname      the DT_SONAME, or null
 * @param runpath     the DT_RUNPATH folders (colon list split), in order
 * @param rpath       the DT_RPATH folders, in order
 */
public record ElfDynamic(String interpreter, List<String> needed, String soname, List<String> runpath,
                         List<String> rpath) {

    static final int PT_LOAD = 1;
    static final int PT_DYNAMIC = 2;
    static final int PT_INTERP = 3;
    static final int SHT_DYNAMIC = 6;
    static final long DT_NULL = 0;
    static final long DT_NEEDED = 1;
    static final long DT_STRTAB = 5;
    static final long DT_STRSZ = 10;
    static final long DT_SONAME = 14;
    static final long DT_RPATH = 15;
    static final long DT_RUNPATH = 29;

    public ElfDynamic {
        needed = List.copyOf(needed);
        runpath = List.copyOf(runpath);
        rpath = List.copyOf(rpath);
    }

    /** Whether the bytes start as an ELF file does ({@code 0x7f 'E' 'L' 'F'}), of any class. */
    public static boolean isElf(byte[] head) {
        return head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    /** A static program or a file without a dynamic section: no interpreter, nothing needed. */
    public boolean isStatic() {
        return interpreter == null && needed.isEmpty();
    }

    /** The interpreter, if the file names one. */
    public Optional<String> interpreterPath() {
        return Optional.ofNullable(interpreter);
    }

    /**
     * Reads the file's bytes.
     *
     * @throws IllegalArgumentException when they are not an ELF64 little-endian file, or it is cut off or
     *                                  inconsistent (the message says which)
     */
    public static ElfDynamic read(byte[] bytes) {
        if (!isElf(bytes)) {
            throw new IllegalArgumentException("not an ELF file");
        }
        if (bytes.length < 64) {
            throw new IllegalArgumentException("an ELF header cut off at " + bytes.length + " bytes");
        }
        if (bytes[4] != 2) {
            throw new IllegalArgumentException("not a 64-bit ELF file (class " + bytes[4] + ")");
        }
        if (bytes[5] != 1) {
            throw new IllegalArgumentException("not a little-endian ELF file (data " + bytes[5] + ")");
        }
        return new Reader(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)).read();
    }

    private static final class Reader {
        private final ByteBuffer b;
        private final List<long[]> loads = new ArrayList<>(); // {vaddr, offset, filesz}

        Reader(ByteBuffer b) {
            this.b = b;
        }

        ElfDynamic read() {
            long phoff = b.getLong(0x20);
            long shoff = b.getLong(0x28);
            int phentsize = Short.toUnsignedInt(b.getShort(0x36));
            int phnum = Short.toUnsignedInt(b.getShort(0x38));
            int shentsize = Short.toUnsignedInt(b.getShort(0x3A));
            int shnum = Short.toUnsignedInt(b.getShort(0x3C));
            String interpreter = null;
            long dynOffset = -1;
            long dynSize = 0;
            for (int i = 0; i < phnum; i++) {
                int ph = offset(phoff + (long) i * phentsize, 56);
                int type = b.getInt(ph);
                long off = b.getLong(ph + 8);
                long vaddr = b.getLong(ph + 16);
                long filesz = b.getLong(ph + 32);
                if (type == PT_LOAD) {
                    loads.add(new long[] {vaddr, off, filesz});
                } else if (type == PT_INTERP) {
                    interpreter = string(offset(off, filesz), (int) filesz);
                } else if (type == PT_DYNAMIC) {
                    dynOffset = off;
                    dynSize = filesz;
                }
            }
            long sectionStrtab = -1;
            if (dynOffset < 0 && shoff != 0) {
                for (int i = 0; i < shnum; i++) {
                    int sh = offset(shoff + (long) i * shentsize, 64);
                    if (b.getInt(sh + 4) == SHT_DYNAMIC) {
                        dynOffset = b.getLong(sh + 24);
                        dynSize = b.getLong(sh + 32);
                        int link = b.getInt(sh + 40);
                        int str = offset(shoff + (long) link * shentsize, 64);
                        sectionStrtab = b.getLong(str + 24);
                        break;
                    }
                }
            }
            if (dynOffset < 0) {
                return new ElfDynamic(interpreter, List.of(), null, List.of(), List.of());
            }
            return dynamic(interpreter, dynOffset, dynSize, sectionStrtab);
        }

        private ElfDynamic dynamic(String interpreter, long dynOffset, long dynSize, long sectionStrtab) {
            List<long[]> entries = new ArrayList<>();
            long strtab = -1;
            for (long at = dynOffset; at + 16 <= dynOffset + dynSize; at += 16) {
                int e = offset(at, 16);
                long tag = b.getLong(e);
                long val = b.getLong(e + 8);
                if (tag == DT_NULL) {
                    break;
                }
                if (tag == DT_STRTAB) {
                    strtab = val;
                }
                entries.add(new long[] {tag, val});
            }
            long strOffset = sectionStrtab >= 0 ? sectionStrtab : strtab < 0 ? -1 : fileOffset(strtab);
            List<String> needed = new ArrayList<>();
            List<String> runpath = new ArrayList<>();
            List<String> rpath = new ArrayList<>();
            String soname = null;
            for (long[] entry : entries) {
                long tag = entry[0];
                if (tag != DT_NEEDED && tag != DT_SONAME && tag != DT_RUNPATH && tag != DT_RPATH) {
                    continue;
                }
                if (strOffset < 0) {
                    throw new IllegalArgumentException("a dynamic section without a string table (DT_STRTAB)");
                }
                String s = cString(strOffset + entry[1]);
                if (tag == DT_NEEDED) {
                    needed.add(s);
                } else if (tag == DT_SONAME) {
                    soname = s;
                } else {
                    List<String> dirs = Arrays.stream(s.split(":")).filter(d -> !d.isEmpty()).toList();
                    (tag == DT_RUNPATH ? runpath : rpath).addAll(dirs);
                }
            }
            return new ElfDynamic(interpreter, needed, soname, runpath, rpath);
        }

        /** The file offset of a virtual address, through the PT_LOAD segment that holds it. */
        private long fileOffset(long vaddr) {
            for (long[] load : loads) {
                if (vaddr >= load[0] && vaddr < load[0] + load[2]) {
                    return vaddr - load[0] + load[1];
                }
            }
            throw new IllegalArgumentException("the dynamic string table's address 0x" + Long.toHexString(vaddr)
                    + " is in no loaded segment");
        }

        /** A checked offset: {@code length} bytes from {@code off} lie inside the file. */
        private int offset(long off, long length) {
            if (off < 0 || length < 0 || off + length > b.capacity()) {
                throw new IllegalArgumentException("cut off: " + length + " bytes at offset " + off + " lie past its end ("
                        + b.capacity() + " bytes)");
            }
            return (int) off;
        }

        /** A NUL-terminated string of at most {@code max} bytes at {@code at}. */
        private String string(int at, int max) {
            int end = at;
            while (end < at + max && b.get(end) != 0) {
                end++;
            }
            byte[] s = new byte[end - at];
            b.get(at, s);
            return new String(s, StandardCharsets.UTF_8);
        }

        private String cString(long at) {
            int start = offset(at, 1);
            int end = start;
            while (end < b.capacity() && b.get(end) != 0) {
                end++;
            }
            if (end == b.capacity()) {
                throw new IllegalArgumentException("a string at offset " + at + " runs past the end of the file");
            }
            return string(start, end - start);
        }
    }
}
