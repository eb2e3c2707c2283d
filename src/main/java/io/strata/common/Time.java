package io.strata.common;

/** A clock seam so that time-driven behaviour (segment.ms, retention.ms) can be tested without sleeping. */
public interface Time {

    Time SYSTEM = new Time() {
        @Override
        public long milliseconds() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoseconds() {
            return System.nanoTime();
        }
    };

    long milliseconds();

    long nanoseconds();
}
