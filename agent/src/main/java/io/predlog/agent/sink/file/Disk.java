package io.predlog.agent.sink.file;

import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Where the file sink's bytes meet the file system: every write, of events or of compressed files, goes through
 * the channel this returns. The real disk returns the file's own channel; tests return one that fails like a
 * full disk ({@code ENOSPC}) and later recovers.
 */
@FunctionalInterface
interface Disk {

    /** The file system as it is. */
    Disk REAL = file -> file;

    /** The channel to write {@code file}'s bytes through. */
    WritableByteChannel writerFor(FileChannel file);
}
