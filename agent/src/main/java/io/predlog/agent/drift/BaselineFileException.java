package io.predlog.agent.drift;

import java.nio.file.Path;

/** A baseline file that could not be read or does not follow the format (docs/DRIFT.md); the message says where. */
public final class BaselineFileException extends Exception {

    private final Path file;

    BaselineFileException(Path file, int line, int column, String problem) {
        super("baseline file " + file + (line > 0 ? ": line " + line + (column > 0 ? ", column " + column : "") : "")
                + ": " + problem);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
