package dev.vmbench.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorInputStream;

/**
 * Extracts the uncompressed ELF {@code vmlinux} (what Firecracker boots) from a bzImage.
 *
 * <p>The x86 boot protocol's setup header gives where the compressed payload sits
 * ({@code payload_offset} at 0x248, {@code payload_length} at 0x24c, relative to the protected-mode code
 * after {@code setup_sects}). Debian compresses it with LZ4 in the kernel's legacy framing: the magic
 * {@code 02 21 4C 18}, then blocks each preceded by its 4-byte little-endian compressed size, then the
 * 4-byte uncompressed size the kernel build appends. Gzip payloads are read too.
 */
public final class VmlinuxExtractor {

    static final int LZ4_LEGACY_MAGIC = 0x184C2102;
    private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

    private VmlinuxExtractor() {
    }

    /**
     * @param bzImage the whole bzImage file
     * @param out     receives the ELF
     * @return the number of bytes written
     * @throws IllegalArgumentException when the input is not a bzImage or its payload is not readable
     */
    public static long extract(byte[] bzImage, OutputStream out) throws IOException {
        ByteBuffer hdr = ByteBuffer.wrap(bzImage).order(ByteOrder.LITTLE_ENDIAN);
        if (bzImage.length < 0x260 || hdr.getInt(0x202) != 0x53726448) { // "HdrS"
            throw new IllegalArgumentException("not a bzImage (no HdrS setup header)");
        }
        if (Short.toUnsignedInt(hdr.getShort(0x206)) < 0x208) {
            throw new IllegalArgumentException("bzImage boot protocol too old to locate the payload");
        }
        int setupSects = Byte.toUnsignedInt(bzImage[0x1f1]);
        if (setupSects == 0) {
            setupSects = 4;
        }
        long start = (setupSects + 1L) * 512 + Integer.toUnsignedLong(hdr.getInt(0x248));
        long length = Integer.toUnsignedLong(hdr.getInt(0x24c));
        if (start + length > bzImage.length || length < 8) {
            throw new IllegalArgumentException("bzImage payload lies outside the file");
        }
        return decompress(bzImage, (int) start, (int) length, out);
    }

    static long decompress(byte[] data, int start, int length, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(data, start, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt(0) == LZ4_LEGACY_MAGIC) {
            return lz4Legacy(buf, out);
        }
        if ((data[start] & 0xff) == 0x1f && (data[start + 1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data, start, length))) {
                return copyCheckingElf(in, out);
            }
        }
        throw new IllegalArgumentException("the kernel payload is compressed with " + nameCompression(buf)
                + ", which vmbench cannot unpack: pass an uncompressed vmlinux instead");
    }

    private static long lz4Legacy(ByteBuffer buf, OutputStream out) throws IOException {
        int pos = 4;
        long written = 0;
        boolean first = true;
        while (buf.limit() - pos >= 4) {
            int size = buf.getInt(pos);
            if (size == LZ4_LEGACY_MAGIC) {
                pos += 4;
                continue;
            }
            if (buf.limit() - pos == 4) {
                // the size the kernel build appended after the compressed data
                if (Integer.toUnsignedLong(size) != (written & 0xffffffffL)) {
                    throw new IllegalArgumentException("LZ4 payload decompressed to " + written
                            + " bytes but the kernel recorded " + Integer.toUnsignedLong(size));
                }
                break;
            }
            pos += 4;
            if (size <= 0 || size > buf.limit() - pos) {
                throw new IllegalArgumentException("LZ4 legacy block of " + Integer.toUnsignedLong(size)
                        + " bytes runs past the payload at offset " + (pos - 4));
            }
            byte[] block = new byte[size];
            buf.get(pos, block);
            pos += size;
            byte[] plain;
            try (InputStream in = new BlockLZ4CompressorInputStream(new ByteArrayInputStream(block))) {
                plain = in.readAllBytes();
            }
            if (first && !startsWithElf(plain)) {
                throw new IllegalArgumentException("the decompressed kernel is not an ELF file");
            }
            first = false;
            out.write(plain);
            written += plain.length;
        }
        if (written == 0) {
            throw new IllegalArgumentException("the LZ4 payload holds no blocks");
        }
        return written;
    }

    private static long copyCheckingElf(InputStream in, OutputStream out) throws IOException {
        byte[] chunk = new byte[1 << 16];
        long written = 0;
        int n;
        while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
            if (written == 0 && !startsWithElf(chunk)) {
                throw new IllegalArgumentException("the decompressed kernel is not an ELF file");
            }
            out.write(chunk, 0, n);
            written += n;
        }
        return written;
    }

    static boolean startsWithElf(byte[] b) {
        if (b.length < 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (b[i] != ELF_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a file starts like an ELF executable. */
    public static boolean isElf(byte[] head) {
        return startsWithElf(head);
    }

    private static String nameCompression(ByteBuffer b) {
        int b0 = b.get(0) & 0xff;
        int b1 = b.get(1) & 0xff;
        if (b0 == 0xfd && b1 == '7') {
            return "xz";
        }
        if (b0 == 0x28 && b1 == 0xb5) {
            return "zstd";
        }
        if (b0 == 'B' && b1 == 'Z') {
            return "bzip2";
        }
        if (b0 == 0x89 && b1 == 'L') {
            return "lzo";
        }
        if (b0 == 0x5d) {
            return "lzma";
        }
        return String.format("an unknown method (first bytes %02x %02x)", b0, b1);
    }
}
