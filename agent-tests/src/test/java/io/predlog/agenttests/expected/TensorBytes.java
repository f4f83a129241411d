package io.predlog.agenttests.expected;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The canonical bytes of a top-level primitive array (docs/HASHING.md): the ASCII header {@code <dtype>[d1,...]\n}
 * and the elements in row-major order, little-endian, as numpy's {@code a.astype("<f4").tobytes()} gives.
 */
public final class TensorBytes {

    private TensorBytes() {
    }

    public static byte[] f32(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return concat("f32[" + values.length + "]\n", buffer.array());
    }

    /** A rectangular {@code float[rows][cols]}. */
    public static byte[] f32(float[][] matrix) {
        int cols = matrix[0].length;
        ByteBuffer buffer = ByteBuffer.allocate(matrix.length * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : matrix) {
            for (float v : row) {
                buffer.putFloat(v);
            }
        }
        return concat("f32[" + matrix.length + "," + cols + "]\n", buffer.array());
    }

    public static byte[] f64(double... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buffer.putDouble(v);
        }
        return concat("f64[" + values.length + "]\n", buffer.array());
    }

    public static byte[] i32(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return concat("i32[" + values.length + "]\n", buffer.array());
    }

    private static byte[] concat(String header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
