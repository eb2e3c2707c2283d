package io.strata.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** strata.auth.mode alone switches quarkus-oidc and the /q/metrics permission; explicit keys win. */
class AuthModeConfigInterceptorTest {

    @Test
    void shouldDisableTheOidcTenantWhenModeIsNone() {
        SmallRyeConfig config = config(Map.of("strata.auth.mode", "none"));
        assertEquals("false", value(config, AuthModeConfigInterceptor.TENANT_ENABLED));
        assertEquals("false", value(config, AuthModeConfigInterceptor.METRICS_PERMISSION_ENABLED));
    }

    @Test
    void shouldEnableTheOidcTenantAndKeepMetricsOpenWhenModeIsOidc() {
        SmallRyeConfig config = config(Map.of("strata.auth.mode", "oidc"));
        assertEquals("true", value(config, AuthModeConfigInterceptor.TENANT_ENABLED));
        assertEquals("false", value(config, AuthModeConfigInterceptor.METRICS_PERMISSION_ENABLED));
    }

    @Test
    void shouldRequireATokenForMetricsWhenMetricsAreNotPublicUnderOidc() {
        SmallRyeConfig config = config(Map.of("strata.auth.mode", "oidc", "strata.auth.metrics-public", "false"));
        assertEquals("true", value(config, AuthModeConfigInterceptor.METRICS_PERMISSION_ENABLED));
    }

    @Test
    void shouldKeepAnExplicitValueWhenOneIsConfigured() {
        SmallRyeConfig config = config(Map.of("strata.auth.mode", "none", AuthModeConfigInterceptor.TENANT_ENABLED, "true"));
        assertEquals("true", value(config, AuthModeConfigInterceptor.TENANT_ENABLED));
    }

    @Test
    void shouldTreatAnUnsetModeAsOidcWhenNothingIsConfigured() {
        assertEquals("true", value(config(Map.of()), AuthModeConfigInterceptor.TENANT_ENABLED));
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                // quarkus-oidc's own default, which a packaged broker sees below every configured source
                .withSources(new PropertiesConfigSource(Map.of(AuthModeConfigInterceptor.TENANT_ENABLED, "true",
                        AuthModeConfigInterceptor.METRICS_PERMISSION_ENABLED, "true"), "defaults", Integer.MIN_VALUE + 100))
                .withInterceptors(new AuthModeConfigInterceptor())
                .build();
    }

    private static String value(SmallRyeConfig config, String name) {
        return config.getRawValue(name);
    }
}
