package io.predlog.agent.sink.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/** A disk that, while {@code full}, gets half of a write out and then fails as {@code ENOSPC} does. */
final class FullDisk implements Disk {

    volatile boolean full;
    volatile int failedWrites;

    @Override
    public WritableByteChannel writerFor(FileChannel file) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (!full) {
                    return file.write(src);
                }
                failedWrites++;
                if (src.remaining() > 1) {
                    ByteBuffer half = src.duplicate();
                    half.limit(src.position() + src.remaining() / 2);
                    int n = file.write(half);
                    src.position(src.position() + n);
                }
                throw new IOException("No space left on device");
            }

            @Override
            public boolean isOpen() {
                return file.isOpen();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }
}
