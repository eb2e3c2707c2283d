package io.strata.testing;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** Bounded polling for tests that watch a cluster converge: fails with the last value seen. */
public final class Awaits {

    /** A condition on a polled value that may itself query something. */
    public interface Check<T> {
        boolean test(T value) throws Exception;
    }

    private Awaits() {}

    /** Long enough for a session timeout, an election and a catch-up on a loaded 2-core machine. */
    public static final long DEFAULT_LIMIT_MS = 60_000;

    public static <T> T awaitValue(Callable<T> read, Check<T> done, String what) throws Exception {
        return awaitValue(read, done, what, DEFAULT_LIMIT_MS);
    }

    /** Polls {@code read} every 200 ms until {@code done} holds, for at most {@code limitMs}. */
    public static <T> T awaitValue(Callable<T> read, Check<T> done, String what, long limitMs) throws Exception {
        long deadline = System.nanoTime() + limitMs * 1_000_000;
        T last = null;
        while (System.nanoTime() < deadline) {
            last = read.call();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Never happened: " + what + "; last seen "
                + (last instanceof long[] a ? Arrays.toString(a) : String.valueOf(last)));
    }
}
