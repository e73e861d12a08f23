package io.dumpguard.core.spi;

import io.dumpguard.core.Finding;

@FunctionalInterface
public interface FindingSink {
    void accept(Finding finding);
}
