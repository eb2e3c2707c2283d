package io.strata.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import io.strata.config.StrataConfig;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-principal token bucket on a controlled clock. */
class RateLimiterTest {

    private final AtomicLong nowNanos = new AtomicLong(1_000_000_000L);

    @Test
    void shouldRefuseWith42901WhenTheBurstIsSpent() {
        RateLimiter limiter = limiter(true, 1.0, 3);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("User:vera");
        }
        StrataException e = assertThrows(StrataException.class, () -> limiter.acquire("User:vera"));
        assertEquals(ErrorKind.TOO_MANY_REQUESTS, e.kind());
        assertEquals(42901, e.kind().restErrorCode());
    }

    @Test
    void shouldServeAgainWhenTheBucketHasRefilled() {
        RateLimiter limiter = limiter(true, 2.0, 1);
        limiter.acquire("User:vera");
        assertThrows(StrataException.class, () -> limiter.acquire("User:vera"));
        nowNanos.addAndGet(500_000_000L); // 0.5 s at 2 requests/s is one request
        assertDoesNotThrow(() -> limiter.acquire("User:vera"));
        assertThrows(StrataException.class, () -> limiter.acquire("User:vera"));
    }

    @Test
    void shouldKeepSeparateBucketsWhenPrincipalsDiffer() {
        RateLimiter limiter = limiter(true, 1.0, 1);
        limiter.acquire("User:vera");
        assertDoesNotThrow(() -> limiter.acquire("User:oscar"));
    }

    @Test
    void shouldServeEverythingWhenDisabled() {
        RateLimiter limiter = limiter(false, 1.0, 1);
        for (int i = 0; i < 100; i++) {
            limiter.acquire("User:vera");
        }
    }

    private RateLimiter limiter(boolean enabled, double perSecond, int burst) {
        return new RateLimiter(new StrataConfig.Http.RateLimit() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public double requestsPerSecond() {
                return perSecond;
            }

            @Override
            public int burst() {
                return burst;
            }
        }, nowNanos::get);
    }
}
