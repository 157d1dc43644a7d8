package dev.vmbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.compressors.lz4.BlockLZ4CompressorOutputStream;
import org.junit.jupiter.api.Test;

class VmlinuxExtractorTest {

    static byte[] elf(int size) {
        byte[] b = new byte[size];
        new Random(7).nextBytes(b);
        for (int i = 0; i < size; i += 97) {
            b[i] = 0; // some redundancy, as in a real kernel
        }
        b[0] = 0x7f;
        b[1] = 'E';
        b[2] = 'L';
        b[3] = 'F';
        return b;
    }

    static byte[] lz4Block(byte[] data, int from, int to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BlockLZ4CompressorOutputStream lz = new BlockLZ4CompressorOutputStream(out)) {
            lz.write(data, from, to - from);
        }
        return out.toByteArray();
    }

    /** The kernel's legacy LZ4 framing: magic, (size, block)*, appended uncompressed size. */
    static byte[] lz4Legacy(byte[] plain, int blockSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(le(VmlinuxExtractor.LZ4_LEGACY_MAGIC));
        for (int i = 0; i < plain.length; i += blockSize) {
            byte[] block = lz4Block(plain, i, Math.min(plain.length, i + blockSize));
            out.write(le(block.length));
            out.write(block);
        }
        out.write(le(plain.length));
        return out.toByteArray();
    }

    static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** A bzImage with one setup sector and the payload 0x100 bytes into the protected-mode part. */
    static byte[] bzImage(byte[] payload) {
        int pmStart = 2 * 512;
        int offset = 0x100;
        byte[] img = new byte[pmStart + offset + payload.length + 64];
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        img[0x1f1] = 1;
        b.putInt(0x202, 0x53726448);
        b.putShort(0x206, (short) 0x020f);
        b.putInt(0x248, offset);
        b.putInt(0x24c, payload.length);
        System.arraycopy(payload, 0, img, pmStart + offset, payload.length);
        return img;
    }

    @Test
    void lz4LegacyPayloadBecomesTheElf() throws IOException {
        byte[] plain = elf(300_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = VmlinuxExtractor.extract(bzImage(lz4Legacy(plain, 128 * 1024)), out);
        assertThat(n).isEqualTo(plain.length);
        assertThat(out.toByteArray()).isEqualTo(plain);
    }

    @Test
    void gzipPayloadBecomesTheElf() throws IOException {
        byte[] plain = elf(50_000);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(plain);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VmlinuxExtractor.extract(bzImage(gz.toByteArray()), out);
        assertThat(out.toByteArray()).isEqualTo(plain);
    }

    @Test
    void wrongRecordedSizeIsCaught() throws IOException {
        byte[] payload = lz4Legacy(elf(10_000), 4096);
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length - 4, 12);
        assertThatThrownBy(() -> VmlinuxExtractor.extract(bzImage(payload), new ByteArrayOutputStream()))
                .hasMessageContaining("recorded 12");
    }

    @Test
    void otherCompressionsAreNamed() {
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2, 3, 4};
        assertThatThrownBy(() -> VmlinuxExtractor.extract(bzImage(xz), new ByteArrayOutputStream()))
                .hasMessageContaining("xz").hasMessageContaining("uncompressed vmlinux");
    }

    @Test
    void notABzImage() {
        assertThatThrownBy(() -> VmlinuxExtractor.extract(elf(4096), new ByteArrayOutputStream()))
                .hasMessageContaining("not a bzImage");
    }
}
