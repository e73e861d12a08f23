package io.dumpguard.core.spi;

import io.dumpguard.core.error.InputRefusedException;

/** Receives byte ranges of the file to overwrite. */
@FunctionalInterface
public interface RangeSink {
    void overwrite(long offset, long length) throws InputRefusedException;
}
