package dev.dovs.engine.labfile;

/**
 * A topology file that cannot be read or is invalid. The message is one line: {@code FILE:LINE:COLUMN: PATH:
 * what is wrong}, lines and columns counted from 1, {@code PATH} the place in the document ({@code
 * guests[2].node}).
 */
public final class LabFileException extends IllegalArgumentException {
    private final int line;
    private final int column;

    public LabFileException(String source, int line, int column, String path, String message) {
        super(source + ":" + line + ":" + column + ": " + (path == null || path.isEmpty() ? "" : path + ": ")
                + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
