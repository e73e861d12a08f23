package io.dumpguard.core.digest;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * SHA-256 by OpenSSL's libcrypto ({@code SHA256_Init/Update/Final}, present in 1.1 and 3.x) through the FFM API.
 * Compiled for Java 22 (the first release where FFM is final and heap arrays can be passed to a native call
 * without a copy); loaded by {@link Sha256} only, which falls back to the JDK when this class or the library cannot
 * load. The constructor links the library and runs a known-answer test, or throws.
 *
 * <p>Native calls are not bounds-checked, so every update passes a slice of exactly the caller's range of a heap
 * array (the slice itself is bounds-checked), and the context is a segment this class allocated with room to spare.
 */
final class OpenSslSha256 implements Supplier<MessageDigest> {
    private static final String[] LIBRARIES = {"libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"};
    /** sizeof(SHA256_CTX) is 112 bytes in every OpenSSL since 0.9.8. */
    private static final long CONTEXT_BYTES = 128;
    private static final byte[] ABC_DIGEST = HexFormat.of().parseHex(
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    private final MethodHandle init;
    private final MethodHandle update;
    private final MethodHandle fin;
    private final String library;

    OpenSslSha256() throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = null;
        String found = null;
        for (String name : LIBRARIES) {
            try {
                lib = SymbolLookup.libraryLookup(name, Arena.global());
                found = name;
                break;
            } catch (IllegalArgumentException notHere) {
                // try the next name
            }
        }
        if (lib == null) {
            throw new IllegalStateException("no libcrypto");
        }
        library = found;
        init = linker.downcallHandle(lib.find("SHA256_Init").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS));
        update = linker.downcallHandle(lib.find("SHA256_Update").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
        fin = linker.downcallHandle(lib.find("SHA256_Final").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        MessageDigest test = get();
        test.update(new byte[] {'a', 'b', 'c'});
        if (!Arrays.equals(test.digest(), ABC_DIGEST)) {
            throw new IllegalStateException("libcrypto's SHA-256 failed its known-answer test");
        }
    }

    @Override
    public MessageDigest get() {
        return new Digest();
    }

    @Override
    public String toString() {
        return "OpenSSL " + library + " (FFM)";
    }

    /** One digest; its context lives as long as the object (a GC-managed arena), like the JDK's state does. */
    private final class Digest extends MessageDigest {
        private final MemorySegment context = Arena.ofAuto().allocate(CONTEXT_BYTES, 16);
        private final MemorySegment out = Arena.ofAuto().allocate(32, 16);

        Digest() {
            super("SHA-256");
            engineReset();
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            if (len == 0) {
                return;
            }
            MemorySegment slice = MemorySegment.ofArray(input).asSlice(offset, len); // bounds-checked
            try {
                check((int) update.invokeExact(context, slice, (long) len));
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        /** Direct buffers go to libcrypto in place (MessageDigest would copy them 4 KiB at a time). */
        @Override
        protected void engineUpdate(java.nio.ByteBuffer input) {
            if (!input.isDirect()) {
                super.engineUpdate(input);
                return;
            }
            int len = input.remaining();
            if (len == 0) {
                return;
            }
            MemorySegment slice = MemorySegment.ofBuffer(input); // exactly [position, limit)
            try {
                check((int) update.invokeExact(context, slice, (long) len));
            } catch (Throwable e) {
                throw rethrow(e);
            }
            input.position(input.limit());
        }

        @Override
        protected byte[] engineDigest() {
            try {
                check((int) fin.invokeExact(out, context));
                byte[] d = out.toArray(JAVA_BYTE);
                engineReset();
                return d;
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        @Override
        protected void engineReset() {
            try {
                check((int) init.invokeExact(context));
            } catch (Throwable e) {
                throw rethrow(e);
            }
        }

        /** A digest that continues from this one's state, independently (SHA256_CTX holds no pointers). */
        @Override
        public Object clone() {
            Digest copy = new Digest();
            copy.context.copyFrom(context);
            return copy;
        }

        @Override
        protected int engineGetDigestLength() {
            return 32;
        }

        private void check(int rc) {
            if (rc != 1) {
                throw new IllegalStateException("libcrypto SHA-256 call failed");
            }
        }

        private RuntimeException rethrow(Throwable e) {
            if (e instanceof RuntimeException r) {
                return r;
            }
            if (e instanceof Error err) {
                throw err;
            }
            return new IllegalStateException(e);
        }
    }
}
