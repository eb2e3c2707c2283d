package io.strata.log;

import io.strata.common.Time;

import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand, so segment.ms and retention.ms can be tested without sleeping. */
final class MockTime implements Time {

    private final AtomicLong nowMs;

    MockTime(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    void sleep(long ms) {
        nowMs.addAndGet(ms);
    }

    @Override
    public long milliseconds() {
        return nowMs.get();
    }

    @Override
    public long nanoseconds() {
        return nowMs.get() * 1_000_000L;
    }
}
