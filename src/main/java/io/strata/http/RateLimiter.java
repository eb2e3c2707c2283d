package io.strata.http;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.config.StrataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per principal ({@code strata.http.rate-limit.*}): each request takes one token, the
 * bucket refills at {@code requests-per-second} up to {@code burst}, and a request finding it empty
 * is refused with 429/42901. Buckets that have refilled completely are equivalent to new ones, so
 * they are dropped when the map grows large, which bounds memory whatever keys callers send.
 *
 * <p>Thread-safe: each bucket is updated under its own lock; the map is concurrent.
 */
@ApplicationScoped
class RateLimiter {

    /** Above this many buckets, full (idle) ones are evicted. */
    static final int MAX_IDLE_BUCKETS = 10_000;

    private final boolean enabled;
    private final double tokensPerNano;
    private final int burst;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    @Inject
    RateLimiter(StrataConfig config) {
        this(config.http().rateLimit(), System::nanoTime);
    }

    RateLimiter(StrataConfig.Http.RateLimit limit, LongSupplier nanoClock) {
        this.enabled = limit.enabled();
        this.tokensPerNano = limit.requestsPerSecond() / 1e9;
        this.burst = Math.max(1, limit.burst());
        this.nanoClock = nanoClock;
    }

    /** Takes one token for {@code key}, or throws 429/42901 when its bucket is empty. */
    void acquire(String key) {
        if (!enabled) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() > MAX_IDLE_BUCKETS) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        if (!buckets.computeIfAbsent(key, k -> new Bucket(now)).tryTake(now)) {
            throw new StrataException(ErrorKind.TOO_MANY_REQUESTS,
                    "Request rate limit exceeded for " + key + ": retry later");
        }
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAtNanos;

        Bucket(long now) {
            this.refilledAtNanos = now;
        }

        synchronized boolean tryTake(long now) {
            refill(now);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAtNanos) * tokensPerNano);
            refilledAtNanos = now;
        }
    }
}
