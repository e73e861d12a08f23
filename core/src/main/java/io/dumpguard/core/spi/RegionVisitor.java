package io.dumpguard.core.spi;

import io.dumpguard.core.Region;
import io.dumpguard.core.error.InputRefusedException;

@FunctionalInterface
public interface RegionVisitor {
    void visit(Region region) throws InputRefusedException;
}
