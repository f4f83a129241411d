package io.predlog.agent.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Top-level primitive arrays: expected bytes built here with a ByteBuffer, as numpy would lay them out. */
class TensorHashTest {

    private final InputCapture capture = new InputCapture(HashSettings.defaults(), true);

    private static byte[] concat(String header, ByteBuffer body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.write(body.array(), 0, body.position());
        return out.toByteArray();
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void assertHash(byte[] expected, Object value) throws Exception {
        assertArrayEquals(expected, Canonical.bytes(value));
        HashResult r = capture.hashValue(value);
        assertEquals(Canonical.hash16(Canonical.sha256(expected)), r.hash());
        assertEquals(expected.length, r.size());
        assertFalse(r.truncated());
    }

    @Test
    void float2dIsF32TensorRowMajorLittleEndian() throws Exception {
        float[][] a = {{1.5f, -2f, 0.1f}, {3f, Float.NaN, 1e-30f}};
        ByteBuffer b = le(24);
        for (float[] row : a) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        assertHash(concat("f32[2,3]\n", b), a);
    }

    @Test
    void eachDtype() throws Exception {
        assertHash(concat("f64[2]\n", le(16).putDouble(1.25).putDouble(-0.0)), new double[] {1.25, -0.0});
        assertHash(concat("i32[2]\n", le(8).putInt(1).putInt(-2)), new int[] {1, -2});
        assertHash(concat("i64[1]\n", le(8).putLong(Long.MIN_VALUE)), new long[] {Long.MIN_VALUE});
        assertHash(concat("i16[2]\n", le(4).putShort((short) 300).putShort((short) -1)), new short[] {300, -1});
        assertHash(concat("i8[3]\n", le(3).put((byte) 1).put((byte) -128).put((byte) 127)), new byte[] {1, -128, 127});
        assertHash(concat("f32[0]\n", le(0)), new float[0]);
        assertHash(concat("f32[0,0]\n", le(0)), new float[0][]);
    }

    @Test
    void threeDimensions() throws Exception {
        int[][][] a = {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}};
        ByteBuffer b = le(48);
        for (int i = 1; i <= 12; i++) {
            b.putInt(i);
        }
        assertHash(concat("i32[2,3,2]\n", b), a);
    }

    @Test
    void raggedOrNullRowsFallBackToJson() throws Exception {
        assertEquals("[[1,2],[3]]", Canonical.text(new int[][] {{1, 2}, {3}}));
        assertEquals("[[1.5],null]", Canonical.text(new double[][] {{1.5}, null}));
    }

    @Test
    void booleanAndCharArraysAreNotTensors() {
        assertEquals("[true]", Canonical.text(new boolean[] {true}));
        assertEquals("\"ab\"", Canonical.text(new char[] {'a', 'b'}));
    }

    @Test
    void byteBoundTruncatesATensorAtExactlyThatManyBytes() throws Exception {
        HashSettings small = new HashSettings(null, 100_000, 12, 64);
        float[] a = new float[100];
        HashResult r = new InputCapture(small, true).hashValue(a);
        assertTrue(r.truncated());
        assertEquals(12, r.size());
        byte[] expected = concat("f32[100]\n", le(3).put((byte) 0).put((byte) 0).put((byte) 0));
        assertEquals(Canonical.hash16(Canonical.sha256(expected)), r.hash());
    }

    /**
     * Arrays long enough to be written in bulk runs across several flushes of the writer's buffer, at every
     * alignment the header leaves them ({@code f32[5000]\n} is 10 bytes, {@code i32[12345]\n} 11), with a NaN
     * whose payload must be kept.
     */
    @Test
    void longArraysOfEachBulkTypeAreTheirLittleEndianBytesAtAnyAlignment() throws Exception {
        java.util.Random random = new java.util.Random(11);
        for (int n : new int[] {5000, 12345, 999, 3}) {
            float[] f = new float[n];
            double[] d = new double[n];
            int[] i = new int[n];
            long[] l = new long[n];
            ByteBuffer fb = le(4 * n);
            ByteBuffer db = le(8 * n);
            ByteBuffer ib = le(4 * n);
            ByteBuffer lb = le(8 * n);
            for (int k = 0; k < n; k++) {
                f[k] = k == n / 2 ? Float.intBitsToFloat(0x7fc00123) : (float) random.nextGaussian();
                d[k] = k == n / 3 ? Double.longBitsToDouble(0x7ff8000000000abcL) : random.nextGaussian() * 1e6;
                i[k] = random.nextInt();
                l[k] = random.nextLong();
                fb.putInt(Float.floatToRawIntBits(f[k]));
                db.putLong(Double.doubleToRawLongBits(d[k]));
                ib.putInt(i[k]);
                lb.putLong(l[k]);
            }
            assertHash(concat("f32[" + n + "]\n", fb), f);
            assertHash(concat("f64[" + n + "]\n", db), d);
            assertHash(concat("i32[" + n + "]\n", ib), i);
            assertHash(concat("i64[" + n + "]\n", lb), l);
        }
        // rows of odd lengths: each row starts at another alignment
        float[][] rows = new float[7][1001];
        ByteBuffer b = le(4 * 7 * 1001);
        for (float[] row : rows) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextFloat();
                b.putFloat(row[k]);
            }
        }
        assertHash(concat("f32[7,1001]\n", b), rows);
    }

    @Test
    void theByteBoundCutsALongArrayInsideAnElementAfterSeveralBufferFlushes() throws Exception {
        double[] a = new double[5000];
        java.util.Random random = new java.util.Random(5);
        ByteBuffer all = le(8 * a.length);
        for (int k = 0; k < a.length; k++) {
            a[k] = random.nextDouble();
            all.putDouble(a[k]);
        }
        byte[] full = concat("f64[5000]\n", all);
        int bound = 10 + 8 * 3001 + 5; // three bytes short of the 3,002nd element
        HashResult r = new InputCapture(new HashSettings(null, 100_000, bound, 64), true).hashValue(a);
        assertTrue(r.truncated());
        assertEquals(bound, r.size());
        assertEquals(Canonical.hash16(Canonical.sha256(java.util.Arrays.copyOf(full, bound))), r.hash());
    }
}
