package io.dumpguard.format.minidump;

import io.dumpguard.core.Layouts;
import io.dumpguard.engine.ResidueSearch;

import java.util.ArrayList;
import java.util.List;

/** Every place a private value occurs in a dump image, in each of the three layouts of DESIGN.md section 4. */
final class ValueSearch {
    record Hit(String value, Layouts.Layout layout, int offset, int length) {
    }

    private ValueSearch() {
    }

    static List<Hit> find(byte[] image, List<OpensslServerDump.PrivateValue> values) {
        List<Hit> hits = new ArrayList<>();
        for (OpensslServerDump.PrivateValue v : values) {
            for (Layouts.Layout layout : Layouts.Layout.values()) {
                byte[] needle = Layouts.toLayout(v.magnitude(), layout);
                for (int at = indexOf(image, needle, 0); at >= 0; at = indexOf(image, needle, at + 1)) {
                    hits.add(new Hit(v.name(), layout, at, needle.length));
                }
            }
        }
        return hits;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        return ResidueSearch.indexOf(hay, from, hay.length, needle);
    }
}
