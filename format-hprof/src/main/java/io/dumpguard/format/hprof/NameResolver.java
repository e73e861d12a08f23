package io.dumpguard.format.hprof;

import io.dumpguard.core.error.InputRefusedException;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Looks up the text of chosen UTF8 records (class and field names) with a walk over the top-level records only:
 * heap dump bodies are skipped by their length, so the walk costs a few page touches per segment. Only the wanted
 * ids are kept, so memory is proportional to what is asked, never to the number of names in the dump.
 */
final class NameResolver {
    /** Longer UTF8 records are never class or field names this reader needs. */
    static final int MAX_NAME_BYTES = 4096;

    private NameResolver() {
    }

    static Map<Long, String> resolve(HprofWalker walker, HprofInput in, LongIntMap wanted) throws InputRefusedException {
        Map<Long, String> out = new HashMap<>();
        if (wanted.size() == 0) {
            return out;
        }
        walker.walk(new HprofVisitor() {
            @Override
            public boolean topLevelOnly() {
                return true;
            }

            @Override
            public void utf8(long id, long textOffset, long textLength) throws InputRefusedException {
                if (textLength <= MAX_NAME_BYTES && wanted.containsKey(id)) {
                    byte[] b = new byte[(int) textLength];
                    in.read(textOffset, b, 0, b.length, "UTF8 name");
                    out.put(id, new String(b, StandardCharsets.UTF_8));
                }
            }
        });
        return out;
    }
}
