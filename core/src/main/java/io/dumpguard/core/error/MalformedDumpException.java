package io.dumpguard.core.error;

/** A structure in the input does not follow its format. The message names the hex offset and the structure. */
public class MalformedDumpException extends InputRefusedException {
    private final long offset;
    private final String structure;

    public MalformedDumpException(long offset, String structure, String problem) {
        super(String.format("malformed %s at offset 0x%x: %s", structure, offset, problem));
        this.offset = offset;
        this.structure = structure;
    }

    public long offset() {
        return offset;
    }

    public String structure() {
        return structure;
    }

    /** "expected X, found Y" in one place so every reader words it the same way. */
    public static MalformedDumpException expected(long offset, String structure, String expected, Object found) {
        return new MalformedDumpException(offset, structure, "expected " + expected + ", found " + found);
    }

    /** A length read from the file runs past the end of what contains it. */
    public static MalformedDumpException pastEnd(long offset, String structure, long length, long remaining) {
        return new MalformedDumpException(offset, structure,
                "length " + length + " runs past the end (" + remaining + " bytes remain)");
    }
}
