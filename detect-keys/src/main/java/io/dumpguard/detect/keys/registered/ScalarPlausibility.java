package io.dumpguard.detect.keys.registered;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Cheap necessary conditions of a uniformly random private scalar, checked before a scalar multiplication
 * (75-550 us) is spent on a window of memory: at most one of its whole 8-byte pieces is zero, at most one looks like
 * a user-space pointer or a small integer (its top 17 bits clear as a little-endian word), and no 5 consecutive
 * bytes are equal. A uniform 48-byte scalar fails with probability below 10^-8 (runs: 44 * 2^-32; pieces:
 * 15 * 2^-34), which is the recall these searches give up; structures, pointers, text and counters fail almost
 * always.
 */
final class ScalarPlausibility {
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final int MAX_RUN = 5;

    private ScalarPlausibility() {
    }

    /**
     * @param exempt bytes at the window's start ({@code exemptAtStart}) or end that are known to be near zero for
     *               this curve (P-521 scalars in a wider field) and are not judged
     */
    static boolean plausible(byte[] d, int o, int len, int exempt, boolean exemptAtStart) {
        int from = exemptAtStart ? o + exempt : o;
        int to = exemptAtStart ? o + len : o + len - exempt;
        int zero = 0;
        int small = 0;
        for (int p = from; p + 8 <= to; p += 8) {
            long v = (long) LE64.get(d, p);
            if (v == 0) {
                zero++;
            } else if (v >>> 47 == 0) {
                small++;
            }
        }
        if (zero > 1 || small > 1) {
            return false;
        }
        int run = 1;
        for (int i = from + 1; i < to; i++) {
            run = d[i] == d[i - 1] ? run + 1 : 1;
            if (run >= MAX_RUN) {
                return false;
            }
        }
        return true;
    }
}
