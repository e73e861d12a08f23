/**
 * Native multi-literal matching (Hyperscan), shared by the detector modules so that the process has one native
 * callback and one place where native lengths are checked. Everything here is optional: callers fall back to their
 * pure-Java matchers when {@link io.dumpguard.nativematch.HyperscanLiterals#compile} returns null.
 */
package io.dumpguard.nativematch;
